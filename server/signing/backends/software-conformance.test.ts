// The software backend passes the same conformance suite as the HSM and cloud backends.
import { randomBytes } from "node:crypto";
import { describeSigningBackendConformance } from "@/test/signing-backend-conformance";
import { createSoftwareBackend } from "./software";

const kek = randomBytes(32);

describeSigningBackendConformance("software", () => createSoftwareBackend({ kek }));
