// The portal's version as package.json says it: recorded in exports, so a reader knows which portal made them.
import packageJson from "../../package.json";

export const APP_VERSION: string = packageJson.version;
