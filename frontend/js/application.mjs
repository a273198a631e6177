// GOV.UK Frontend components (buttons, error summary, service navigation, notification banners).
import { initAll } from './govuk-frontend.min.js'

initAll()
