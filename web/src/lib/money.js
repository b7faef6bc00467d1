// Money on the economy pages. The API counts integer fen (分); the pages
// show large amounts as 万元 / 亿元 and take amounts typed in 元 with at most
// two decimals. Everything here works on integers (BigInt where a product
// or a sum could leave the safe-integer range), never on float fractions:
// 0.1 + 0.2 never happens, 19.99 元 is 1999 fen, and a column of amounts
// adds up to exactly the sum of its fen.

const FEN_PER_YUAN = 100n
const FEN_PER_WAN = 1000000n // 1 万元
const FEN_PER_YI = 10000000000n // 1 亿元

// The largest amount a form accepts: JSON numbers are exact up to 2^53 - 1.
export const MAX_FEN = Number.MAX_SAFE_INTEGER

/** An integer fen value (number, numeric string or BigInt) as BigInt, else null. */
export function toBigFen(fen) {
  if (fen == null || fen === '') return null
  if (typeof fen === 'bigint') return fen
  if (typeof fen === 'number') return Number.isSafeInteger(fen) ? BigInt(fen) : null
  const s = String(fen).trim()
  return /^-?\d+$/.test(s) ? BigInt(s) : null
}

// 1234567 → "1,234,567"
function groupDigits(s) {
  return s.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

// n / unit rounded half away from zero to `digits` decimals, trailing zeros
// dropped: (5200000n, 1000000n, 2) → "5.2".
function divText(n, unit, digits) {
  const neg = n < 0n
  const a = neg ? -n : n
  const scale = 10n ** BigInt(digits)
  const q = (a * scale * 2n + unit) / (unit * 2n) // round half up on |n|
  const whole = q / scale
  let frac = digits ? (q % scale).toString().padStart(digits, '0').replace(/0+$/, '') : ''
  const text = groupDigits(whole.toString()) + (frac ? `.${frac}` : '')
  return (neg && q !== 0n ? '-' : '') + text
}

/**
 * An amount for reading: "1.7 亿元", "500 万元", "5.2 万元", "3,000 元",
 * "19.99 元"; "—" when unknown. From 1 万元 up, two decimals at most.
 */
export function formatMoney(fen, { digits = 2, empty = '—' } = {}) {
  const n = toBigFen(fen)
  if (n == null) return empty
  const a = n < 0n ? -n : n
  if (a >= FEN_PER_YI) return `${divText(n, FEN_PER_YI, digits)} 亿元`
  if (a >= FEN_PER_WAN) return `${divText(n, FEN_PER_WAN, digits)} 万元`
  return `${divText(n, FEN_PER_YUAN, 2)} 元`
}

/** Always in 万元 (a table column that should compare at a glance). */
export function formatWan(fen, { digits = 2, empty = '—' } = {}) {
  const n = toBigFen(fen)
  return n == null ? empty : `${divText(n, FEN_PER_WAN, digits)} 万元`
}

/** Exactly in 元 with two decimals: "1,234.50 元". */
export function formatYuan(fen, { empty = '—' } = {}) {
  const n = toBigFen(fen)
  if (n == null) return empty
  const neg = n < 0n
  const a = neg ? -n : n
  return `${neg ? '-' : ''}${groupDigits((a / FEN_PER_YUAN).toString())}.${(a % FEN_PER_YUAN).toString().padStart(2, '0')} 元`
}

/**
 * What was typed in 元 ("1234.5", "1,234.50", "500000") as integer fen, by
 * reading the digits (no float): { fen } or { error } with a Chinese message.
 * Negative amounts, more than two decimals and amounts beyond MAX_FEN are
 * refused.
 */
export function parseYuan(text, { allowZero = false } = {}) {
  const s = String(text ?? '').trim().replace(/[,，\s]/g, '')
  if (!s) return { error: '请输入金额' }
  if (/^-/.test(s)) return { error: '金额不能为负数' }
  const m = s.match(/^(\d+)(?:\.(\d*))?$/)
  if (!m) return { error: '请输入数字金额，如 1234.56' }
  const frac = m[2] || ''
  if (frac.length > 2) return { error: '金额最多保留两位小数（分）' }
  const fen = BigInt(m[1]) * FEN_PER_YUAN + BigInt((frac + '00').slice(0, 2))
  if (fen > BigInt(MAX_FEN)) return { error: '金额过大' }
  if (fen === 0n && !allowZero) return { error: '金额必须大于 0' }
  return { fen: Number(fen) }
}

/** Integer fen as the text a 元 input starts with: 123450 → "1234.50". */
export function yuanInput(fen) {
  const n = toBigFen(fen)
  if (n == null) return ''
  const a = n < 0n ? -n : n
  return `${n < 0n ? '-' : ''}${a / FEN_PER_YUAN}.${(a % FEN_PER_YUAN).toString().padStart(2, '0')}`
}

/** The exact sum of fen values (unknown ones skipped), as a number. */
export function sumFen(values) {
  let total = 0n
  for (const v of values) {
    const n = toBigFen(v)
    if (n != null) total += n
  }
  return Number(total)
}

/** part / whole as a percentage text with one decimal ("37.5%"), integer math. */
export function shareText(part, whole) {
  const p = toBigFen(part)
  const w = toBigFen(whole)
  if (p == null || w == null || w <= 0n) return '—'
  return `${divText(p * 100n, w, 1)}%`
}

/**
 * An el-form rule for a 元 text field: required, a valid amount (the parsed
 * fen is what the page sends, so the rule and the request agree).
 */
export function yuanRule(opts) {
  return {
    validator: (_r, v, cb) => {
      const { error } = parseYuan(v, opts)
      return error ? cb(new Error(error)) : cb()
    },
    trigger: 'blur',
  }
}

/** Fen as a plain number of 万元 for a chart axis (display only, never summed). */
export function wanNumber(fen) {
  const n = toBigFen(fen)
  return n == null ? 0 : Number(divText(n, FEN_PER_WAN, 4).replace(/,/g, ''))
}
