// The one record a detail page shows (a matter, a meeting).
import { ref } from 'vue'
import { api } from '../api.js'

/**
 * data (null until it arrives), loading (true until the first answer) and
 * fetch(): GET path into data. A failure has been shown by the api layer and
 * leaves data as it was. Call fetch from onMounted.
 */
export function useRecord(path) {
  const data = ref(null)
  const loading = ref(true)

  async function fetch() {
    try {
      data.value = await api.get(path)
    } catch {
      /* shown */
    } finally {
      loading.value = false
    }
  }

  return { data, loading, fetch }
}
