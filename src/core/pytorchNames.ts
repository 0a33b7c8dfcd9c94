// Text that goes into the exported Python from user-controlled strings: layer ids become
// attribute names, layer names and titles become comments. Both must stay inert whatever the
// user typed (newlines, quotes, '<script>', bidi controls), so they are built here and nowhere else.

/** Python's hard keywords: `self.class = ...` would be a syntax error. */
const PY_KEYWORDS = [
  'False',
  'None',
  'True',
  'and',
  'as',
  'assert',
  'async',
  'await',
  'break',
  'class',
  'continue',
  'def',
  'del',
  'elif',
  'else',
  'except',
  'finally',
  'for',
  'from',
  'global',
  'if',
  'import',
  'in',
  'is',
  'lambda',
  'nonlocal',
  'not',
  'or',
  'pass',
  'raise',
  'return',
  'try',
  'while',
  'with',
  'yield',
];

/**
 * Attributes nn.Module already has (torch 2.x). A submodule stored under one of these names
 * would shadow a method (`self.forward = nn.ReLU()` replaces forward) or break the module's own
 * bookkeeping (`self.training` must stay a bool), so such ids get a trailing underscore.
 */
const MODULE_ATTRIBUTES = [
  'T_destination',
  'add_module',
  'apply',
  'bfloat16',
  'buffers',
  'call_super_init',
  'children',
  'compile',
  'cpu',
  'cuda',
  'double',
  'dump_patches',
  'eval',
  'extra_repr',
  'float',
  'forward',
  'get_buffer',
  'get_extra_state',
  'get_parameter',
  'get_submodule',
  'half',
  'ipu',
  'load_state_dict',
  'modules',
  'mtia',
  'named_buffers',
  'named_children',
  'named_modules',
  'named_parameters',
  'parameters',
  'register_backward_hook',
  'register_buffer',
  'register_forward_hook',
  'register_forward_pre_hook',
  'register_full_backward_hook',
  'register_full_backward_pre_hook',
  'register_load_state_dict_post_hook',
  'register_load_state_dict_pre_hook',
  'register_module',
  'register_parameter',
  'register_state_dict_post_hook',
  'register_state_dict_pre_hook',
  'requires_grad_',
  'set_extra_state',
  'set_submodule',
  'share_memory',
  'state_dict',
  'to',
  'to_empty',
  'train',
  'training',
  'type',
  'xpu',
  'zero_grad',
];

const RESERVED: ReadonlySet<string> = new Set([...PY_KEYWORDS, ...MODULE_ATTRIBUTES]);

/**
 * A valid, non-reserved ASCII Python identifier close to `raw`: 'layer1.0.conv1' →
 * 'layer1_0_conv1', 'inception3a/1x1' → 'inception3a_1x1', '1x1' → 'layer_1x1', 'forward' →
 * 'forward_'. ASCII only, so the name reads the same in every editor and needs no NFKC thought.
 * Leading underscores are dropped: nn.Module keeps its internals there (_modules, …) and '__x'
 * would be name-mangled inside the class.
 */
export function pyIdentifier(raw: string): string {
  let s = raw.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+/, '');
  if (s === '') s = 'layer';
  else if (/^[0-9]/.test(s)) s = `layer_${s}`;
  return RESERVED.has(s) ? `${s}_` : s;
}

/** Hands out unique identifiers: the second 'a.b' and the first 'a_b' cannot share a name. */
export class NameAllocator {
  private readonly used = new Set<string>();

  take(raw: string): string {
    const base = pyIdentifier(raw);
    let name = base;
    for (let k = 2; this.used.has(name); k++) name = `${base}_${k}`;
    this.used.add(name);
    return name;
  }
}

/** Longest comment text kept from a user string, in code points. */
const MAX_COMMENT_CHARS = 80;

/**
 * User text made safe for a single-line `# ...` comment: control characters (newlines, tabs,
 * NUL), line/paragraph separators, invisible format characters (bidi overrides that could
 * visually reorder the code around them) and lone surrogates (not encodable as UTF-8, which
 * Python requires of source files) become spaces; runs of space collapse; long text is cut.
 * Quotes and '<script>' need nothing: inside a Python comment they are only characters.
 */
export function commentText(raw: string, max = MAX_COMMENT_CHARS): string {
  const flat = raw
    .replace(/[\p{Cc}\p{Cf}\p{Cs}\p{Zl}\p{Zp}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  const chars = Array.from(flat);
  return chars.length > max ? `${chars.slice(0, max - 1).join('')}…` : flat;
}
