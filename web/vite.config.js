// Vite build of the Lianjian front end. The C server serves web/dist as plain
// static files under a strict CSP, so: relative base, no inline scripts, and
// the two large libraries in chunks of their own so pages load in parallel.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'

export default defineConfig({
  base: './',
  plugins: [vue()],
  server: {
    proxy: {
      '/api': process.env.LIANJIAN_URL || 'http://127.0.0.1:8080',
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    // No inline modulepreload polyfill: CSP forbids inline script anyway,
    // and every browser we target supports modulepreload.
    modulePreload: { polyfill: false },
    rolldownOptions: {
      output: {
        codeSplitting: {
          groups: [
            { name: 'echarts', test: /node_modules[\\/](echarts|zrender)[\\/]/, priority: 3 },
            { name: 'element-plus', test: /node_modules[\\/](element-plus|@element-plus|@floating-ui|@vueuse|async-validator|dayjs|lodash-unified|lodash-es|memoize-one|normalize-wheel-es|@ctrl)[\\/]/, priority: 2 },
            { name: 'vue', test: /node_modules[\\/](@vue|vue|vue-router)[\\/]/, priority: 4 },
          ],
        },
      },
    },
  },
})
