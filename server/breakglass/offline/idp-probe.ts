// Is the OpenID Connect provider reachable? The local-file accounts exist for when it is not.
export type IdpProbe = () => Promise<boolean>;

export function discoveryProbe(issuer: string, timeoutMs = 3_000): IdpProbe {
  const url = `${issuer.replace(/\/$/, "")}/.well-known/openid-configuration`;
  return async () => {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
      return response.ok;
    } catch {
      return false;
    }
  };
}
