// The one record a detail page shows (a matter, a meeting).
import { ref } from 'vue'
import { api } from '../api.js'

/**
 * data (null until it arrives), loading (true until the first answer),
 * notFound (the server answered 404: no such record, or not one the account
 * may see; the page shows NotFoundView, no toast) and fetch(): GET path into
 * data. Other failures have been shown by the api layer and leave data as it
 * was. Call fetch from onMounted.
 */
export function useRecord(path) {
  const data = ref(null)
  const loading = ref(true)
  const notFound = ref(false)

  async function fetch() {
    try {
      data.value = await api.get(path, undefined, { silent: [404] })
    } catch (e) {
      if (e?.status === 404) notFound.value = true
    } finally {
      loading.value = false
    }
  }

  return { data, loading, notFound, fetch }
}
