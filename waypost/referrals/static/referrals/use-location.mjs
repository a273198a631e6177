// "Use my location" on the public alert form: a progressive enhancement. Without JavaScript,
// or without geolocation, the button never appears and the form works as before.
const block = document.querySelector('[data-app-use-location]')
const latitude = document.querySelector('input[name="latitude"]')
const longitude = document.querySelector('input[name="longitude"]')

if (block && latitude && longitude && 'geolocation' in navigator) {
  const add = block.querySelector('[data-location-add]')
  const remove = block.querySelector('[data-location-remove]')
  const status = block.querySelector('[data-location-status]')

  const show = (hasLocation, message) => {
    add.textContent = hasLocation ? 'Use my location again' : 'Use my location'
    // The GOV.UK button styles override the hidden attribute, so hide it with the class.
    remove.classList.toggle('govuk-!-display-none', !hasLocation)
    status.textContent = message
  }

  add.addEventListener('click', () => {
    show(Boolean(latitude.value), 'Finding your location…')
    navigator.geolocation.getCurrentPosition(
      (position) => {
        latitude.value = position.coords.latitude.toFixed(5)
        longitude.value = position.coords.longitude.toFixed(5)
        show(true, 'Your location will be sent with the alert.')
      },
      () => {
        show(Boolean(latitude.value), 'We could not find your location. The description of the place is enough.')
      },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 }
    )
  })

  remove.addEventListener('click', () => {
    latitude.value = ''
    longitude.value = ''
    show(false, 'Your location will not be sent.')
    add.focus()
  })

  block.hidden = false
  show(Boolean(latitude.value), latitude.value ? 'Your location will be sent with the alert.' : '')
}
