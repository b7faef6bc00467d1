// Entry: Vue + Element Plus (zh-CN) + hash router.
import { createApp } from 'vue'
import ElementPlus from 'element-plus'
import zhCn from 'element-plus/es/locale/lang/zh-cn'
import dayjs from 'dayjs'
import 'dayjs/locale/zh-cn'
import 'element-plus/dist/index.css'
import './styles.css'
import App from './App.vue'
import { router } from './router.js'
import { setUnauthorizedHandler } from './api.js'
import { session } from './session.js'

// Element Plus dates follow dayjs' locale: weeks start on Monday in China.
dayjs.locale('zh-cn')

setUnauthorizedHandler(() => {
  session.me = null
  const current = router.currentRoute.value
  if (current.name !== 'login') {
    router.push({ name: 'login', query: current.fullPath && current.fullPath !== '/' ? { redirect: current.fullPath } : {} })
  }
})

createApp(App).use(ElementPlus, { locale: zhCn }).use(router).mount('#app')
