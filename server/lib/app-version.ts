// The portal's version as package.json says it: recorded in exports, snapshots and reports, so a reader knows which portal
// made them (before and after an upgrade).
import packageJson from "../../package.json";

export const APP_VERSION: string = packageJson.version;
