// The street contact form's progressive enhancements. Without JavaScript, or without
// geolocation, the form works as before: the "Use my location" button never appears, and
// pressing Enter in the search box saves the form rather than finding the person.

// "Use my location": the phone's position, only after the browser's permission prompt, kept to
// 4 decimal places (about 10 metres: enough to find the spot again, no more).
const block = document.querySelector('[data-app-use-location]')
const latitude = document.querySelector('input[name="latitude"]')
const longitude = document.querySelector('input[name="longitude"]')

if (block && latitude && longitude && 'geolocation' in navigator) {
  const add = block.querySelector('[data-location-add]')
  const remove = block.querySelector('[data-location-remove]')
  const status = block.querySelector('[data-location-status]')
  const saved = 'Your location will be saved with the contact.'

  const show = (hasLocation, message) => {
    add.textContent = hasLocation ? 'Use my location again' : 'Use my location'
    // The GOV.UK button's display would override the hidden attribute: use the utility class.
    remove.classList.toggle('govuk-!-display-none', !hasLocation)
    status.textContent = message
  }

  add.addEventListener('click', () => {
    show(Boolean(latitude.value), 'Finding your location…')
    navigator.geolocation.getCurrentPosition(
      (position) => {
        latitude.value = position.coords.latitude.toFixed(4)
        longitude.value = position.coords.longitude.toFixed(4)
        show(true, saved)
      },
      () => {
        show(Boolean(latitude.value), 'We could not find your location. Choose a place or say where instead.')
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    )
  })

  remove.addEventListener('click', () => {
    latitude.value = ''
    longitude.value = ''
    show(false, 'Your location will not be saved.')
    add.focus()
  })

  block.hidden = false
  show(Boolean(latitude.value), latitude.value ? saved : '')
}

// Enter in "Find them by name" finds the person, as the Find button does.
const find = document.querySelector('[data-person-find]')
const search = document.querySelector('input[name="person_search"]')
if (find && search) {
  search.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault()
      find.click()
    }
  })
}
