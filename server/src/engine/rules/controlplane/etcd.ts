/** The checks of etcd's TLS flags (CP019 and the rules split from it, one per setting). */
import type { RuleContext } from '../../rule';
import { flag, fileFlag, boolFlag, listFlag, itemLoc, type Component } from './flags';
import { setFlagFix } from './flagfix';

/** A certificate and key flag pair: both must be set. */
export function pair(c: Component, ctx: RuleContext, certName: string, keyName: string, what: string): void {
  const cert = fileFlag(c, certName);
  const key = fileFlag(c, keyName);
  if (cert && key) return;
  const missing = [!cert && `--${certName}`, !key && `--${keyName}`].filter(Boolean).join(' and ');
  ctx.report({ loc: (cert ?? key)?.loc ?? c.headLoc, message: `${c.who}: ${missing} ${cert || key ? 'is' : 'are'} not set, so ${what} is not served over TLS with a proper certificate. Set both.` });
}

/** A boolean flag that must be true (default false); fixed by setting it. */
export function mustBeTrue(name: string, what: string) {
  return (c: Component, ctx: RuleContext): void => {
    const f = flag(c, name);
    if (boolFlag(f) === true) return;
    ctx.report({ loc: f?.loc ?? c.headLoc, message: `${c.who}: ${f ? `--${name}=${f.value}` : `--${name} is not set (default false)`}, so ${what}. Set --${name}=true.`, fixes: setFlagFix(c, ctx, name, 'true') });
  };
}

/** A boolean flag that must not be true; fixed by setting it to false. */
export function mustNotBeTrue(name: string, what: string) {
  return (c: Component, ctx: RuleContext): void => {
    const f = flag(c, name);
    if (boolFlag(f) !== true) return;
    ctx.report({ loc: f!.loc, message: `${c.who}: --${name}=${f!.value ?? 'true'} ${what}. Remove it and use certificates from your CA.`, fixes: setFlagFix(c, ctx, name, 'false') });
  };
}

/** `http://` URLs etcd listens on or advertises, other than loopback: that traffic is plaintext and unauthenticated. */
export function plainUrls(c: Component, ctx: RuleContext, names: string[], what: string): void {
  for (const name of names) {
    const { flags } = listFlag(c, name);
    for (const f of flags) {
      for (const url of (f.value ?? '').split(',').map((s) => s.trim())) {
        const m = /^http:\/\/(\[[^\]]*\]|[^/:]*)/i.exec(url);
        if (!m || /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i.test(m[1])) continue;
        const loc = ctx.text.slice(f.loc[0], f.loc[1]).includes(url) ? itemLoc(f, url, ctx.text) : f.loc;
        ctx.report({ loc, message: `${c.who}: --${name} has ${url}, so ${what} is plaintext and needs no certificate. Use https:// with --${name.includes('peer') ? 'peer-cert-file and --peer-key-file' : 'cert-file and --key-file'}.` });
      }
    }
  }
}
