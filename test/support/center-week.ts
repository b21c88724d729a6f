// The service center's week as the tests know it: weekday mornings and afternoons, Saturday
// morning, Sunday closed (the shape of a center's `centerHours.weekly` setting).
export const CENTER_WEEK = {
  '1': ['08:30-12:00', '13:30-17:00'],
  '2': ['08:30-12:00', '13:30-17:00'],
  '3': ['08:30-12:00', '13:30-17:00'],
  '4': ['08:30-12:00', '13:30-17:00'],
  '5': ['08:30-12:00', '13:30-17:00'],
  '6': ['09:00-12:00'],
  '7': [],
};
