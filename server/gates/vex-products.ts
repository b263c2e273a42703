// Before an exception is stored: every product a statement names must be something the portal knows (an artifact
// digest of a release, or a package URL it has seen), else the exception could never apply and would only mislead.
import type { VexDocument } from "./openvex";
import type { DocumentProblem } from "./parse-result";

function purlBase(id: string): string {
  return id.startsWith("pkg:") ? (id.split(/[?#]/)[0] ?? id) : id;
}

/** Problems, one per product that matches no known digest or purl, with the statement and product it is. */
export function findUnknownProducts(
  document: VexDocument,
  known: { digests: readonly string[]; purls: readonly string[] },
): DocumentProblem[] {
  const knownIds = new Set([...known.digests, ...known.purls.map(purlBase)]);
  const problems: DocumentProblem[] = [];
  for (const statement of document.statements) {
    for (const [index, product] of statement.products.entries()) {
      const ids = [...product.ids, ...product.subcomponents.flat()].map(purlBase);
      if (!ids.some((id) => knownIds.has(id))) {
        problems.push({
          path: `statements[${statement.index}].products[${index}]`,
          message: `${product.ids.join(", ") || "(no identifier)"} is no known artifact digest or package URL`,
        });
      }
    }
  }
  return problems;
}
