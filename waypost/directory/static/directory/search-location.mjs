// "Use my location" on the directory search. Without JavaScript, or without geolocation, the
// button never appears and people choose an area instead.
//
// The position is rounded to 3 decimal places (about 100 metres) here, before it goes into the
// page's address, and the server rounds it again (waypost/directory/geo.py): a street is
// enough to put the nearest services first, and the address ends up in history and logs.
const block = document.querySelector('[data-app-search-location]')
const form = block ? block.closest('form') : null

const hidden = (name) => {
  let input = form.querySelector(`input[type="hidden"][name="${name}"]`)
  if (!input) {
    input = document.createElement('input')
    input.type = 'hidden'
    input.name = name
    form.appendChild(input)
  }
  return input
}

if (block && form && 'geolocation' in navigator) {
  const button = block.querySelector('[data-location-use]')
  const status = block.querySelector('[data-location-status]')

  button.addEventListener('click', () => {
    status.textContent = 'Finding your location…'
    navigator.geolocation.getCurrentPosition(
      (position) => {
        hidden('lat').value = position.coords.latitude.toFixed(3)
        hidden('lng').value = position.coords.longitude.toFixed(3)
        status.textContent = 'Finding the nearest services…'
        form.requestSubmit()
      },
      () => {
        status.textContent = 'We could not find your location. Choose an area instead.'
      },
      { enableHighAccuracy: false, timeout: 15000, maximumAge: 300000 }
    )
  })

  // Choosing an area measures from that area instead of from the phone.
  const area = form.querySelector('select[name="area"]')
  if (area) {
    area.addEventListener('change', () => {
      form.querySelectorAll('input[type="hidden"][name="lat"], input[type="hidden"][name="lng"]')
        .forEach((input) => input.remove())
    })
  }

  block.hidden = false
}
