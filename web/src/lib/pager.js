// Cursor paging for list pages: first page on load(), more with more().
import { ref } from 'vue'
import { api } from '../api.js'

export function usePager(path, queryFn, { limit = 50 } = {}) {
  const items = ref([])
  const cursor = ref(null)
  const loading = ref(false)
  let seq = 0

  async function fetchPage(fresh) {
    const s = ++seq
    loading.value = true
    try {
      const page = await api.get(path, { ...queryFn(), limit, cursor: fresh ? undefined : cursor.value || undefined })
      if (s !== seq) return
      items.value = fresh ? page?.items || [] : [...items.value, ...(page?.items || [])]
      cursor.value = page?.next_cursor || null
    } catch {
      if (s === seq && fresh) items.value = []
    } finally {
      if (s === seq) loading.value = false
    }
  }

  return { items, cursor, loading, load: () => fetchPage(true), more: () => fetchPage(false) }
}
