// A short, readable name for a browser's User-Agent string (登录日志, 在线用户):
// "微信 · Android", "Chrome 120 · Windows". The full string stays in the title.
const BROWSERS = [
  [/MicroMessenger\/([\d.]+)/, '微信'],
  [/DingTalk\/([\d.]+)/, '钉钉'],
  [/Edg\/(\d+)/, 'Edge'],
  [/Firefox\/(\d+)/, 'Firefox'],
  [/(?:Chrome|Chromium|CriOS)\/(\d+)/, 'Chrome'],
  [/Version\/(\d+)[\d.]* .*Safari\//, 'Safari'],
]
const SYSTEMS = [
  [/HarmonyOS/, '鸿蒙'],
  [/Android/, 'Android'],
  [/iPhone|iPad|iOS/, 'iOS'],
  [/Windows/, 'Windows'],
  [/Mac OS X|Macintosh/, 'macOS'],
  [/Linux/, 'Linux'],
]

export function browserName(ua) {
  if (!ua) return '未知浏览器'
  let name = ''
  for (const [re, label] of BROWSERS) {
    const m = ua.match(re)
    if (m) { name = `${label} ${m[1].split('.')[0]}`; break }
  }
  const sys = SYSTEMS.find(([re]) => re.test(ua))?.[1]
  if (!name && !sys) return ua.length > 40 ? ua.slice(0, 40) + '…' : ua
  return [name || '其他浏览器', sys].filter(Boolean).join(' · ')
}
