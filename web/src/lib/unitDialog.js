// The common part of the dialogs that act on one unit of an alliance
// (提出事项, 召集会议): the form and its helpers, a loading flag, the alliance's
// units, its counties as roots for a division cascader, and the chosen unit's
// member organisations (orgs, filled by the dialog when a unit is chosen).
import { ref, reactive } from 'vue'
import { useForm } from './forms.js'
import { loadAllianceForm } from './context.js'

/** props: { allianceId, unitId } of the dialog; blank(): a fresh form. */
export function useUnitDialog(props, blank) {
  const f = useForm()
  const form = reactive(blank())
  const loading = ref(false)
  const units = ref([])
  const orgs = ref([])
  const roots = ref(null)
  f.watchFields(() => form)

  /**
   * On opening: a fresh form, then, with loading set, the alliance
   * (props.allianceId, else the first) and the promises of `more` alongside;
   * loaded(ctx, ...their results) takes what else the dialog needs, and a
   * preset props.unitId of that alliance is chosen and handed to onUnit.
   */
  async function open({ more = [], loaded, onUnit }) {
    Object.assign(form, blank())
    orgs.value = []
    const cleared = f.reset()
    loading.value = true
    try {
      const [ctx, ...rest] = await Promise.all([loadAllianceForm(props.allianceId), ...more])
      roots.value = ctx.roots
      units.value = ctx.units
      loaded?.(ctx, ...rest)
      const pre = props.unitId
      if (pre != null && ctx.units.some((u) => u.id === pre)) {
        form.unit_id = pre
        await onUnit(pre)
      }
    } catch {
      /* shown */
    } finally {
      loading.value = false
    }
    await cleared
  }

  return { ...f, form, loading, units, orgs, roots, open }
}
