// The portal's version as package.json states it: recorded with every verify-all snapshot and continuity report,
// so a report says which version checked what (before and after an upgrade).
import packageJson from "../../package.json";

export const APP_VERSION: string = packageJson.version;
