// One shared "is this a phone-sized screen" flag for layout decisions that
// CSS alone cannot make (drawer menu, form label position, dialog width).
import { ref } from 'vue'

const query = window.matchMedia('(max-width: 768px)')
export const isMobile = ref(query.matches)
query.addEventListener('change', (e) => {
  isMobile.value = e.matches
})
