// The unread-notification count shown on the 消息 menu item and in the
// header. Refreshed by the layout every 60 s and after each navigation
// (GET /api/v1/inbox answers {items, unread}); the inbox page and a
// "mark read" answer set it directly.
import { reactive } from 'vue'
import { api } from '../api.js'
import { session } from '../session.js'

export const inbox = reactive({ unread: 0, loaded: false })

let inFlight = null

export function setUnread(n) {
  if (typeof n === 'number' && n >= 0) {
    inbox.unread = n
    inbox.loaded = true
  }
}

export function refreshInbox() {
  if (!session.me) return Promise.resolve()
  if (inFlight) return inFlight
  inFlight = api
    .get('/inbox', { limit: 1 }, { silent: true })
    .then((res) => setUnread(res?.unread))
    .catch(() => {})
    .finally(() => (inFlight = null))
  return inFlight
}

export function resetInbox() {
  inbox.unread = 0
  inbox.loaded = false
}
