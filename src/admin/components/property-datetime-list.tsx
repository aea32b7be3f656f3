import { DatetimeList } from './property-datetime.js';

/** Overrides AdminJS's DefaultDatetimeListProperty (see property-datetime.tsx). */
export default DatetimeList;
