// Who is signed in. Filled from GET /api/v1/me at start and from the login
// answer; the grants decide which menus show.
import { reactive, computed } from 'vue'
import { ElMessage } from 'element-plus'
import { api, setCsrfToken } from './api.js'

export const session = reactive({
  me: null,
  checked: false,
})

export async function loadMe() {
  try {
    const me = await api.get('/me', undefined, { silent: true, noRedirect: true })
    if (me?.csrf_token) setCsrfToken(me.csrf_token)
    session.me = me
  } catch {
    session.me = null
  }
  session.checked = true
  return session.me
}

export async function login(username, password, fieldErrors) {
  const res = await api.post('/session', { username, password }, { noRedirect: true, fieldErrors, silent: true })
  setCsrfToken(res?.csrf_token)
  ElMessage.closeAll()
  // The login answer carries the user; /me adds the grants if it lacks them.
  session.me = res?.user || null
  if (!session.me?.grants) await loadMe()
  session.checked = true
  return session.me
}

export async function logout() {
  try {
    await api.del('/session', { silent: true, noRedirect: true })
  } finally {
    setCsrfToken(null)
    session.me = null
  }
}

function hasRole(...roles) {
  return (session.me?.grants || []).some((g) => roles.includes(g.role))
}

export const isAdmin = computed(() => hasRole('admin'))
// What the server reports the account may do (GET /me rights).
const rights = () => session.me?.rights
export const canManageUsers = computed(() => rights()?.manage_users ?? hasRole('admin', 'alliance_admin', 'county_admin'))
export const canCreateUnits = computed(() => rights()?.create_units ?? hasRole('admin', 'alliance_admin'))
export const canEditOrgs = computed(() => rights()?.edit_orgs ?? hasRole('admin', 'county_admin'))
export const displayName = computed(() => session.me?.display_name || session.me?.username || '')
