-- Neovim (Debian's 0.7) as a real LSP client of `palisade lsp --stdio`: diagnostics appear, a hover
-- explains the rule, a quick fix applies, the diagnostics update; a display-only fix and a suppression
-- comment reach the file as plain text.
-- Run: PALISADE_BIN=bin/palisade.js PALISADE_FILE=/tmp/x/insecure.yaml nvim --headless -u NONE -i NONE -n -c "luafile test/editors/nvim-e2e.lua"
local BIN = os.getenv('PALISADE_BIN') or error('set PALISADE_BIN')
local FILE = os.getenv('PALISADE_FILE') or error('set PALISADE_FILE')
local t0 = vim.loop.hrtime()
local function ms() return math.floor((vim.loop.hrtime() - t0) / 1e6) end
local function log(...)
  local parts = {}
  for _, v in ipairs({ ... }) do parts[#parts + 1] = type(v) == 'string' and v or vim.inspect(v) end
  io.stdout:write(('[nvim %5d ms] '):format(ms()) .. table.concat(parts, ' ') .. '\n')
end
local function fail(msg) log('FAIL: ' .. msg); vim.cmd('cquit 1') end
local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'palisade' then out[#out + 1] = tostring(d.code) end
  end
  return out
end
local function has(list, x) for _, v in ipairs(list) do if v == x then return true end end return false end

local client_id = vim.lsp.start_client({
  name = 'palisade',
  cmd = { 'node', BIN, 'lsp', '--stdio' },
  root_dir = vim.fn.fnamemodify(FILE, ':h'),
  -- the strict profile reports each rule on its own, so the display-only fix checked below
  -- (resources.limits.memory) has its own diagnostic whatever the default profile merges
  settings = { palisade = { profile = 'strict' } },
  -- Neovim 0.7 announces no workspace/configuration: push the settings, as nvim-lspconfig does
  on_init = function(client) client.notify('workspace/didChangeConfiguration', { settings = client.config.settings }) end,
})
if not client_id then return fail('start_client returned nil') end

vim.cmd('edit ' .. FILE)
local bufnr = vim.api.nvim_get_current_buf()
vim.bo[bufnr].filetype = 'yaml'
vim.lsp.buf_attach_client(bufnr, client_id)

-- K8S015 on its own: the strict profile is in force (the first analysis, before the settings, merges it)
if not vim.wait(15000, function() return has(codes(bufnr), 'K8S003') and has(codes(bufnr), 'K8S015') end, 20) then
  return fail('no K8S003 diagnostic within 15 s; got ' .. vim.inspect(codes(bufnr)))
end
-- settle: a second configuration round would publish once more, with new keys
vim.wait(600, function() return false end, 50)
local target
for _, d in ipairs(vim.diagnostic.get(bufnr)) do
  log(('DIAG %d:%d %s %s'):format(d.lnum + 1, d.col + 1, tostring(d.code), d.message:sub(1, 90)))
  if d.code == 'K8S003' then target = d end
end
if not target.message:find('privileged is true', 1, true) then return fail('unexpected K8S003 message: ' .. target.message) end
local line = vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1]
if not line:find('privileged: true', 1, true) or target.col ~= line:find('privileged', 1, true) - 1 then
  return fail('K8S003 is not at `privileged: true`: ' .. line .. ' col ' .. target.col)
end

-- hover on the finding
local pos = { line = target.lnum, character = target.col + 1 }
local hov = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = pos }, 5000)
local hover_text = ''
for _, r in pairs(hov or {}) do if r.result and r.result.contents then hover_text = hover_text .. (r.result.contents.value or '') end end
if not hover_text:find('K8S003', 1, true) or not hover_text:find('Why it matters', 1, true) then return fail('hover lacks the rule: ' .. hover_text) end
log('HOVER', (hover_text:gsub('\n', ' ')):sub(1, 100))

-- code actions for the diagnostics on that line, as LSP diagnostics (with their data)
local lsp_diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, target.lnum, {}, client_id)
local params = {
  textDocument = { uri = vim.uri_from_bufnr(bufnr) },
  range = { start = { line = target.lnum, character = target.col }, ['end'] = { line = target.end_lnum, character = target.end_col } },
  context = { diagnostics = lsp_diags, only = { 'quickfix' } },
}
local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', params, 5000)
local action
for _, resp in pairs(responses or {}) do
  for _, a in ipairs(resp.result or {}) do
    log('CODEACTION', a.title)
    if not action and a.edit and a.title:lower():find('privileged', 1, true) and not a.title:find('^Disable') then action = a end
  end
end
if not action then return fail('no quick fix for K8S003') end
vim.lsp.util.apply_workspace_edit(action.edit, 'utf-16')
log('applied "' .. action.title .. '"; line now: ' .. (vim.api.nvim_buf_get_lines(bufnr, target.lnum, target.lnum + 1, false)[1] or ''))
if not vim.wait(10000, function() local c = codes(bufnr); return not has(c, 'K8S003') and has(c, 'K8S002') end, 20) then
  return fail('K8S003 not cleared after the fix (or K8S002 lost): ' .. vim.inspect(codes(bufnr)))
end
log('diagnostics after the fix:', #codes(bufnr), 'K8S003 gone, K8S002 still there')

-- display-only fixes and suppression comments: this client announced no snippet support for edits,
-- so every edit must be plain text (no `${1:256Mi}`, `-- ${1:reason}` written into the file)
local function all_actions()
  local out = {}
  local lines = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do lines[d.lnum] = true end
  for lnum in pairs(lines) do
    local diags = vim.lsp.diagnostic.get_line_diagnostics(bufnr, lnum, {}, client_id)
    local p = {
      textDocument = { uri = vim.uri_from_bufnr(bufnr) },
      range = { start = { line = lnum, character = 0 }, ['end'] = { line = lnum + 1, character = 0 } },
      context = { diagnostics = diags, only = { 'quickfix' } },
    }
    for _, resp in pairs(vim.lsp.buf_request_sync(bufnr, 'textDocument/codeAction', p, 5000) or {}) do
      for _, a in ipairs(resp.result or {}) do out[#out + 1] = a end
    end
  end
  return out
end
local function edit_texts(a)
  local t = {}
  for _, edits in pairs((a.edit or {}).changes or {}) do for _, e in ipairs(edits) do t[#t + 1] = e.newText end end
  for _, dc in ipairs((a.edit or {}).documentChanges or {}) do for _, e in ipairs(dc.edits or {}) do t[#t + 1] = e.newText or vim.inspect(e) end end
  return t
end
local function snippet_free(what)
  for _, a in ipairs(all_actions()) do
    if type(a.data) == 'table' and a.data.snippet then return fail(what .. ': "' .. a.title .. '" is flagged as a snippet') end
    for _, t in ipairs(edit_texts(a)) do
      if t:find('${', 1, true) or t:find('%$%d') then return fail(what .. ': "' .. a.title .. '" sends snippet syntax: ' .. t) end
    end
  end
  return true
end
local function apply_first(pattern, what)
  -- retried: right after an edit the diagnostics shown may be of a version the server has replaced
  -- (it answers code actions for its current analysis only)
  for _ = 1, 30 do
    if not snippet_free(what) then return nil end
    for _, a in ipairs(all_actions()) do
      if a.edit and a.title:find(pattern) then
        vim.lsp.util.apply_workspace_edit(a.edit, 'utf-16')
        log('applied "' .. a.title .. '"')
        return a
      end
    end
    vim.wait(100, function() return false end, 20)
  end
  return fail('no "' .. pattern .. '" action with an edit (' .. what .. ')')
end
local n_before = #codes(bufnr)
if not apply_first('^Set resources%.', 'display-only fix') then return end
if not vim.wait(10000, function() return #codes(bufnr) < n_before end, 20) then return fail('the display-only fix removed no finding') end
local n_mid = #codes(bufnr)
if not apply_first('^Disable ', 'suppression') then return end
if not vim.wait(10000, function() return #codes(bufnr) < n_mid end, 20) then return fail('the suppression comment removed no finding') end
vim.cmd('write')
local f = io.open(FILE, 'r'); local saved = f:read('*a'); f:close()
if saved:find('${', 1, true) or saved:find('%$%d') then return fail('snippet syntax reached the file:\n' .. saved) end
if not saved:find('# palisade%-ignore [%w]+ %-%- reason: TODO') then return fail('no plain suppression comment in the file:\n' .. saved) end
if not (saved:find('\n%s+cpu: %d+m?\n') or saved:find('\n%s+memory: %d+[MG]i\n')) then return fail('the display-only fix did not write its default value:\n' .. saved) end
log('display-only fix and suppression written as plain text; findings ' .. n_before .. ' -> ' .. #codes(bufnr))

vim.lsp.stop_client(client_id)
vim.wait(3000, function() return vim.lsp.get_client_by_id(client_id) == nil end, 20)
log('PASS')
vim.cmd('qa!')
