// Where each piece of evidence goes in a bundle: files/<kind>/<portable file name>. Two pieces with the same name
// and kind get "-2", "-3"… before the extension, in the order of the selection (oldest first), so the same
// selection always lays out the same way.
import { portableFileName } from "../policy";
import { type EvidenceKind, evidenceKindSlugs } from "../vocabulary";
import { FILES_DIR } from "./layout";

export function assignBundlePaths(
  items: readonly { id: string; kind: EvidenceKind; fileName: string }[],
): Map<string, string> {
  const taken = new Set<string>();
  const paths = new Map<string, string>();
  for (const item of items) {
    const name = portableFileName(item.fileName);
    const dot = name.lastIndexOf(".");
    const [stem, extension] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ""];
    const folder = `${FILES_DIR}/${evidenceKindSlugs[item.kind]}`;
    let candidate = `${folder}/${name}`;
    for (let copy = 2; taken.has(candidate); copy += 1) candidate = `${folder}/${stem}-${copy}${extension}`;
    taken.add(candidate);
    paths.set(item.id, candidate);
  }
  return paths;
}
