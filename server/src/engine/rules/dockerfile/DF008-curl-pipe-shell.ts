import { defineRule } from '../../rule';
import { cmdName, span } from './util';
import { effective, operands, lexShell } from '../../dockerfile/shell';

const SHELLS = /^(sh|bash|dash|ash|zsh|ksh|mksh|busybox|python[0-9.]*|perl|ruby|node|php)$/;

export default defineRule('dockerfile', {
  id: 'DF008', name: 'curl-pipe-shell', title: 'Remote script piped into a shell', severity: 'warning',
  peers: [],
  docs: {
    description: 'A `RUN` (or an `ONBUILD RUN` trigger) downloads with `curl` or `wget` and pipes the result straight into a shell or interpreter (`curl ... | sh`, `wget -qO- ... | bash`, `sh -c "$(curl ...)"`, `bash <(curl ...)`).',
    rationale: 'The script runs as it arrives: whoever controls the server, the DNS or the network path decides what runs in your build (as root), nothing is verified, and a truncated download runs half a script. The image changes whenever the remote script does.',
    remediation: 'Download to a file, verify its checksum or signature, then run it: `curl -fsSLo install.sh https://... && echo "<sha256>  install.sh" | sha256sum -c - && sh install.sh`. Better still, install from a package manager or copy a pinned release artifact.',
    example: { bad: 'RUN curl -fsSL https://get.example.com | sh\n', good: 'RUN curl -fsSLo /tmp/install.sh https://get.example.com/v1.2.3/install.sh \\\n && echo "<sha256>  /tmp/install.sh" | sha256sum -c - \\\n && sh /tmp/install.sh\n' },
  },
}, (df, ctx) => {
  for (const ins of df.instructions) {
    let cmds = ins.commands;
    let t = ins.logical.text;
    let map = ins.logical.map;
    let where = '';
    if (ins.keyword === 'ONBUILD') {
      // ONBUILD RUN ...: the trigger runs in every image built FROM this one
      const m = /^\s*RUN\s+/i.exec(t);
      if (!m || /^\s*\[/.test(t.slice(m[0].length))) continue;
      t = t.slice(m[0].length);
      map = map.slice(m[0].length);
      cmds = lexShell(t, map);
      where = ' (ONBUILD: in every image built from this one)';
    } else if (ins.keyword !== 'RUN') continue;
    for (let k = 0; k + 1 < cmds.length; k++) {
      const a = effective(cmds[k]);
      const an = cmdName(a);
      if (!(an === 'curl' || an === 'wget') || !(cmds[k].op === '|' || cmds[k].op === '|&')) continue;
      const b = effective(cmds[k + 1]);
      const bn = cmdName(b);
      if (!SHELLS.test(bn)) continue;
      const dd = b.args.findIndex((w) => w.value === '--');
      const before = dd >= 0 ? b.args.slice(0, dd) : b.args;
      const ops = operands(before).filter((w) => w.value !== '-');
      if (before.some((w) => w.value === '-c' || w.value === '-e') || (ops.length && !before.some((w) => w.value === '-s') && bn !== 'busybox')) continue;
      ctx.report({ loc: span(a.name!, b.name!), message: `${an} output is piped into ${bn}${where}: the downloaded script runs unverified. Download it to a file, check its checksum or signature, then run it.` });
    }
    // sh -c "$(curl ...)" and bash <(curl ...)
    const re = /\b(sh|bash|zsh|dash|ash)\s+(?:-[a-z]*c\s*["']?\$\(\s*|<\(\s*)(curl|wget)\b/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(t))) {
      const start = map[m.index], end = map[m.index + m[0].length - 1] + 1;
      ctx.report({ loc: [start, end], message: `${m[1]} runs a script fetched by ${m[2]} unverified${where}. Download it to a file, check its checksum or signature, then run it.` });
    }
  }
});
