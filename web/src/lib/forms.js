// Forms that are validated and then sent. The api layer shows a failure's
// message and marks the field (fieldErrors); these helpers own the rest of
// the routine: the el-form ref, the field errors, the busy flag, and for
// forms in a dialog its visibility.
import { ref, reactive } from 'vue'
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

  /** Forget the server's and the form's messages (the form opens again). */
  function reset() {
    clearErrors(errors)
    el?.clearValidate()
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

  return { formRef, formEl: () => el, errors, busy, reset, submit }
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
  return dlg
}
