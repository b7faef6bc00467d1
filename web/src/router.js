// Hash routes (the server has no SPA fallback). Every page but the login
// needs a session; admin pages also need the grant.
import { createRouter, createWebHashHistory } from 'vue-router'
import { ElMessage } from 'element-plus'
import { session, loadMe, isAdmin, canManageUsers } from './session.js'
import MainLayout from './components/MainLayout.vue'
import LoginView from './views/LoginView.vue'
import NotFoundView from './views/NotFoundView.vue'

// Record ids are positive integers; anything else is the 404 page.
const ID = '([1-9]\\d{0,15})'

const routes = [
  { path: '/login', name: 'login', component: LoginView, meta: { public: true, title: '登录' } },
  { path: '/portal', name: 'portal', component: () => import('./views/PortalView.vue'), meta: { public: true, title: '门户' } },
  {
    path: '/',
    component: MainLayout,
    children: [
      { path: '', name: 'home', component: () => import('./views/HomeView.vue'), meta: { title: '首页' } },
      { path: 'matters', name: 'matters', component: () => import('./views/MattersView.vue'), meta: { title: '事项看板' } },
      { path: `matters/:id${ID}`, name: 'matter', component: () => import('./views/MatterView.vue'), meta: { title: '事项详情', menu: 'matters' } },
      { path: 'meetings', name: 'meetings', component: () => import('./views/MeetingsView.vue'), meta: { title: '联席会议' } },
      { path: `meetings/:id${ID}`, name: 'meeting', component: () => import('./views/MeetingView.vue'), meta: { title: '会议详情', menu: 'meetings' } },
      { path: 'activities', name: 'activities', component: () => import('./views/ActivitiesView.vue'), meta: { title: '联育平台' } },
      { path: `activities/:id${ID}`, name: 'activity', component: () => import('./views/ActivityView.vue'), meta: { title: '活动详情', menu: 'activities' } },
      { path: 'sites', name: 'sites', component: () => import('./views/SitesView.vue'), meta: { title: '阵地与线路' } },
      { path: `routes/:id${ID}`, name: 'route', component: () => import('./views/RouteView.vue'), meta: { title: '线路详情', menu: 'sites' } },
      { path: 'talent', name: 'talent', component: () => import('./views/TalentView.vue'), meta: { title: '人才' } },
      { path: 'projects', name: 'projects', component: () => import('./views/ProjectsView.vue'), meta: { title: '项目台账' } },
      { path: `projects/:id${ID}`, name: 'project', component: () => import('./views/ProjectView.vue'), meta: { title: '项目详情', menu: 'projects' } },
      { path: 'enterprises', name: 'enterprises', component: () => import('./views/EnterprisesView.vue'), meta: { title: '企业' } },
      { path: 'financing', name: 'financing', component: () => import('./views/FinancingView.vue'), meta: { title: '政金企对接' } },
      { path: 'tourism', name: 'tourism', component: () => import('./views/TourismView.vue'), meta: { title: '文旅' } },
      { path: 'briefing', name: 'briefing', component: () => import('./views/BriefingView.vue'), meta: { title: '工作简报' } },
      { path: 'inbox', name: 'inbox', component: () => import('./views/InboxView.vue'), meta: { title: '消息' } },
      { path: 'divisions', name: 'divisions', component: () => import('./views/DivisionsView.vue'), meta: { title: '区划浏览' } },
      { path: 'structure', name: 'structure', component: () => import('./views/StructureView.vue'), meta: { title: '组织体系' } },
      { path: 'units', name: 'units', component: () => import('./views/UnitsView.vue'), meta: { title: '单位' } },
      { path: `units/:id${ID}`, name: 'unit', component: () => import('./views/UnitView.vue'), meta: { title: '单位详情', menu: 'units' } },
      { path: 'orgs', name: 'orgs', component: () => import('./views/OrgsView.vue'), meta: { title: '党组织' } },
      { path: 'people', name: 'people', component: () => import('./views/PeopleView.vue'), meta: { title: '人员' } },
      { path: 'users', name: 'users', component: () => import('./views/UsersView.vue'), meta: { title: '账号管理', need: 'users' } },
      { path: 'audit', name: 'audit', component: () => import('./views/AuditView.vue'), meta: { title: '审计日志', need: 'admin' } },
      { path: 'signins', name: 'signins', component: () => import('./views/SigninLogView.vue'), meta: { title: '登录日志', need: 'users' } },
      { path: 'sessions', name: 'sessions', component: () => import('./views/OnlineSessionsView.vue'), meta: { title: '在线用户', need: 'users' } },
      { path: 'me/sessions', name: 'my-sessions', component: () => import('./views/MySessionsView.vue'), meta: { title: '我的会话', menu: 'me' } },
      // A record address with an id that cannot be a record: 记录不存在.
      ...[
        ['matters', '事项', '事项看板'],
        ['meetings', '会议', '会议列表'],
        ['units', '单位', '单位列表'],
        ['projects', '项目', '项目台账'],
      ].map(([list, what, backLabel]) => ({
        path: `${list}/:bad(.*)`,
        component: NotFoundView,
        props: { record: true, what, back: `/${list}`, backLabel },
        meta: { title: `${what}不存在`, menu: list },
      })),
      { path: ':rest(.*)*', name: 'not-found', component: NotFoundView, meta: { title: '页面不存在' } },
    ],
  },
  { path: '/checkin', name: 'checkin', component: () => import('./views/CheckinView.vue'), meta: { title: '扫码签到' } },
]

export const router = createRouter({
  history: createWebHashHistory(),
  routes,
})

router.beforeEach(async (to) => {
  if (!session.checked) await loadMe()
  if (to.meta.public) {
    if (to.name === 'login' && session.me) return { path: typeof to.query.redirect === 'string' ? to.query.redirect : '/' }
    return true
  }
  if (!session.me) return { name: 'login', query: to.fullPath !== '/' ? { redirect: to.fullPath } : {} }
  if (to.meta.need === 'admin' && !isAdmin.value) return { name: 'home' }
  if (to.meta.need === 'users' && !canManageUsers.value) return { name: 'home' }
  return true
})

router.afterEach((to, from) => {
  // Notices belong to the page they were about.
  if (from.matched.length && to.path !== from.path) ElMessage.closeAll()
  document.title = `${to.meta.title ? to.meta.title + ' · ' : ''}联建 · 跨省党建联建平台`
})
