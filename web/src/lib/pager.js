// Lists from the server. usePager: cursor paging for list pages, first page
// on load(), more with more(), and search() for search boxes: load() once
// typing has paused. `loaded` stays false until the first answer, so a page
// shows a skeleton rather than "no data" while it waits; a failed first page
// is kept in `error` (not toasted) for the page to show with 重试. useRemoteSearch: the matches of a remote el-select.
import { ref } from 'vue'
import { api } from '../api.js'

export function usePager(path, queryFn, { limit = 50 } = {}) {
  const items = ref([])
  const cursor = ref(null)
  const loading = ref(true)
  const loaded = ref(false)
  const error = ref(null)
  let seq = 0
  let timer

  async function fetchPage(fresh) {
    const s = ++seq
    loading.value = true
    if (fresh) error.value = null
    try {
      // A failed first page is shown in place (error); a failed "more" as a toast.
      const page = await api.get(path, { ...queryFn(), limit, cursor: fresh ? undefined : cursor.value || undefined }, { silent: fresh })
      if (s !== seq) return
      items.value = fresh ? page?.items || [] : [...items.value, ...(page?.items || [])]
      cursor.value = page?.next_cursor || null
      loaded.value = true
    } catch (e) {
      if (s === seq && fresh) {
        items.value = []
        cursor.value = null
        error.value = e
      }
    } finally {
      if (s === seq) loading.value = false
    }
  }

  const load = () => fetchPage(true)
  function search() {
    clearTimeout(timer)
    timer = setTimeout(load, 350)
  }

  return { items, cursor, loading, loaded, error, load, more: () => fetchPage(false), search }
}

/**
 * Search-as-you-type for a remote el-select: search(q) fetches the first
 * matches of path?q= (with extraFn()'s parameters) into results; only the
 * latest search's answer counts, and a failure just empties the list.
 */
export function useRemoteSearch(path, extraFn = () => ({}), { limit = 30 } = {}) {
  const results = ref([])
  const loading = ref(false)
  let seq = 0

  async function search(q) {
    const s = ++seq
    loading.value = true
    try {
      const page = await api.get(path, { q: q || undefined, ...extraFn(), limit }, { silent: true })
      if (s === seq) results.value = page?.items || []
    } catch {
      if (s === seq) results.value = []
    } finally {
      if (s === seq) loading.value = false
    }
  }

  return { results, loading, search }
}
