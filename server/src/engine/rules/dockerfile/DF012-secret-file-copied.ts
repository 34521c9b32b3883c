import { defineRule } from '../../rule';
import { sources } from './DF006-add-instead-of-copy';

const SECRET_FILE = /(^|\/)(\.env(\.(?!example$|sample$|template$|dist$|defaults?$)[^/]+)?|id_(rsa|dsa|ecdsa|ed25519)|[^/]*\.(pem|key|p12|pfx|jks|keystore|ppk|asc|gpg)|\.npmrc|\.pypirc|\.netrc|\.git-credentials|\.dockercfg|\.docker\/config\.json|\.htpasswd|\.pgpass|\.s3cfg|credentials(\.json)?|\.kube\/config|kubeconfig|service-account[^/]*\.json|secrets?\.(ya?ml|json|env|txt))\/?$/i;
const SECRET_DIR = /(^|\/)(\.aws|\.ssh|\.gnupg|\.kube|\.docker|\.config\/gcloud|secrets?)\/?(\*)?$/i;

/**
 * Public material in the key-ish formats: certificates and CA bundles (`cacert.pem`, `ca-bundle.pem`,
 * `fullchain.pem`, `*.crt.pem`) and public keys (`*.pub.asc`, `public.gpg`). Not when the name also says
 * key, private or secret (`ca-key.pem`, `privkey.pem`).
 */
const PUBLIC_WORD = /^(ca|cacerts?|certs?|certificates?|chain|fullchain|bundle|ca-?bundle|trust(ed)?|trust-?store|roots?|root-?ca|crt|pub|public|pubkey)$/i;
const PRIVATE_WORD = /^(key|keys|priv|privkey|private|secret|secrets|tls-key|server-key)$/i;
function publicMaterial(path: string): boolean {
  const m = /(?:^|\/)([^/]+)\.(pem|asc|gpg)$/i.exec(path);
  if (!m) return false;
  const words = m[1].split(/[._\-\s]+/).filter(Boolean);
  if (words.some((w) => PRIVATE_WORD.test(w) || /key$/i.test(w) && !/^pubkey$/i.test(w))) return false;
  return words.some((w) => PUBLIC_WORD.test(w));
}

export default defineRule('dockerfile', {
  id: 'DF012', name: 'secret-file-copied', title: 'Secret-looking file copied into the image', severity: 'warning',
  peers: ['trivy:DS-0031'],
  docs: {
    description: '`COPY` or `ADD` copies a file or directory that usually holds credentials: `.env`, SSH keys (`id_rsa`, `.ssh/`), `*.pem`/`*.key`/`*.p12`, `.npmrc`, `.pypirc`, `.netrc`, `.git-credentials`, `.aws/`, `.docker/config.json`, kubeconfig files. Certificates and public keys in those formats are not reported: a `.pem`, `.asc` or `.gpg` file whose name says certificate, CA, chain, bundle or public (`cacert.pem`, `ca-bundle.pem`, `fullchain.pem`, `nodejs.pub.asc`) unless it also says key, private or secret (`ca-key.pem`); `*.crt` files are certificates and never reported.',
    rationale: 'Every layer of an image is readable by anyone who can pull it; deleting the file in a later step does not remove it from the earlier layer. Credentials copied in are leaked to every registry, cache and machine the image reaches.',
    remediation: 'Do not copy credentials. For build-time use mount them: `RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci` or `RUN --mount=type=ssh git clone ...`. Give running containers their secrets at run time. Add these files to `.dockerignore`.',
    example: { bad: 'COPY .npmrc /app/.npmrc\nRUN npm ci\n', good: 'RUN --mount=type=secret,id=npmrc,target=/app/.npmrc npm ci\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    if (ins.keyword !== 'COPY' && ins.keyword !== 'ADD') continue;
    for (const s of sources(ins)) {
      const v = (s.value ?? s.arg.value).replace(/^\.\//, '');
      if (/^(https?:|git@|git:)/i.test(v)) continue;
      if ((SECRET_FILE.test(v) && !publicMaterial(v)) || SECRET_DIR.test(v)) {
        ctx.report({ loc: s.arg.loc, message: `${ins.keyword} ${s.arg.value} copies what looks like a credential into an image layer, where anyone who pulls the image can read it. Mount it for the step that needs it (RUN --mount=type=secret or --mount=type=ssh) and list it in .dockerignore.` });
      }
    }
  }
});
