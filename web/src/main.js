// Entry: Vue + Element Plus (zh-CN) + hash router.
import { createApp } from 'vue'
import ElementPlus, { ElMessage } from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router.js'
import { setUnauthorizedHandler } from './api.js'
import { session } from './session.js'
import { loadDictionaries } from './lib/dictionaries.js'

// Element Plus dates follow dayjs' locale: weeks start on Monday in China.
dayjs.locale('zh-cn')

// A 401 on any call (session expired or revoked): back to the login page,
// once, even when several requests fail together.
let redirecting = false
setUnauthorizedHandler(() => {
  session.me = null
  const current = router.currentRoute.value
  if (redirecting || current.name === 'login') return
  redirecting = true
  router
    .push({ name: 'login', query: current.fullPath && current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
    .then(() => ElMessage.warning('登录已失效，请重新登录'))
    .finally(() => (redirecting = false))
})

// The vocabularies first: every page labels codes with them.
loadDictionaries()
  .catch(() => ElMessage.error('无法加载数据字典，部分名称将显示为代码'))
  .finally(() => createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app'))
