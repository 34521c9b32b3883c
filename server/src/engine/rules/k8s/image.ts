/** Container image references: `[registry[:port]/]repository[:tag][@digest]`. */
export interface ImageRef { repository: string; tag?: string; digest?: string }

export function parseImage(image: string): ImageRef {
  let rest = image.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) { digest = rest.slice(at + 1); rest = rest.slice(0, at); }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  let tag: string | undefined;
  if (colon > slash) { tag = rest.slice(colon + 1); rest = rest.slice(0, colon); }
  return { repository: rest, tag: tag || undefined, digest: digest || undefined };
}


/** Images whose reference is templated or substituted later (`$(IMAGE)`, `${TAG}`): nothing to judge. */
export function isTemplated(image: string): boolean {
  return /\$\(|\$\{|\{\{/.test(image);
}
