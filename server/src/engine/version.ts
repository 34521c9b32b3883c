declare const PALISADE_VERSION: string | undefined;
/** Set by the bundler; read from package.json when running from source. */
export const VERSION: string = typeof PALISADE_VERSION === 'string' ? PALISADE_VERSION : (require('../../../package.json') as { version: string }).version;

export const DOCS_BASE_URL = 'https://github.com/palisade-security/palisade/blob/main/docs/rules/';
export function ruleDocUrl(id: string): string { return `${DOCS_BASE_URL}${id}.md`; }
