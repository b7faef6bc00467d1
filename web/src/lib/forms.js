// Forms that are validated and then sent. The api layer shows a failure's
// message and marks the field (fieldErrors); these helpers own the rest of
// the routine: the el-form ref, the field errors, the busy flag, and for
// forms in a dialog its visibility.
import { ref, reactive, watch, nextTick } from 'vue'
import { clearErrors } from '../api.js'

/**
 * One form: formRef (bind with :ref="formRef"; formEl() is the bound
 * el-form), errors (the server's field messages, pass them as fieldErrors),
 * busy, reset() and submit(send).
 */
export function useForm() {
  let el = null
  const formRef = (v) => (el = v)
  const errors = reactive({})
  const busy = ref(false)

  // While a form is being refilled (reset), its fields' own change triggers
  // must not validate the blank values and show red errors on a fresh form.
  let refilling = 0

  /**
   * Forget the server's and the form's messages (the form opens again). The
   * fields validate their refilled values on their change triggers in the
   * next ticks, so the form's messages are cleared once more after those.
   */
  async function reset() {
    clearErrors(errors)
    el?.clearValidate()
    refilling++
    try {
      await nextTick()
      await new Promise((r) => setTimeout(r))
      el?.clearValidate()
    } finally {
      refilling--
    }
  }

  /**
   * A field's message goes when the field changes: the server's at once,
   * the form's by validating the new value (a filled-in place no longer says
   * 请选择会议地点). getForm() returns the form object to watch.
   */
  function watchFields(getForm) {
    watch(
      () => ({ ...getForm() }),
      (now, before) => {
        if (refilling) return
        for (const k of Object.keys(now)) {
          if (JSON.stringify(now[k]) === JSON.stringify(before?.[k])) continue
          delete errors[k]
          const v = now[k]
          const filled = v !== '' && v != null && !(Array.isArray(v) && !v.length)
          if (filled) nextTick(() => el?.validateField([k]).catch(() => {}))
        }
      },
    )
  }

  /**
   * Validate (when an el-form is bound), then await send(errors) with busy
   * set. Resolves true when send succeeded; a failure has been shown by the
   * api layer and is handed to onError for anything more.
   */
  async function submit(send, { onError } = {}) {
    if (el && !(await el.validate().catch(() => false))) return false
    busy.value = true
    try {
      await send(errors)
      return true
    } catch (e) {
      onError?.(e)
      return false
    } finally {
      busy.value = false
    }
  }

  return { formRef, formEl: () => el, errors, busy, reset, submit, watchFields }
}

/**
 * A form shown on demand (a dialog, or an editor in place), as one reactive
 * object for the template: { visible, busy, form, errors, formRef, ...extra },
 * with
 *   open(form, extra)    show it with a fresh form (and set extra fields);
 *   submit(send, after)  validate, await send(errors), hide the form, then
 *                        after(what send returned), still busy.
 */
export function useFormDialog(extra = {}) {
  const f = useForm()
  const dlg = reactive({
    visible: false,
    busy: f.busy,
    form: {},
    errors: f.errors,
    formRef: f.formRef,
    ...extra,
    open(form, more) {
      if (more) Object.assign(dlg, more)
      dlg.form = form
      dlg.visible = true
      f.reset()
    },
    submit(send, after) {
      return f.submit(async (errors) => {
        const res = await send(errors)
        dlg.visible = false
        if (after) await after(res)
      })
    },
  })
  f.watchFields(() => dlg.form)
  return dlg
}
