/** Milliseconds on a clock that never goes back (the wall clock may, when the phone syncs its time). */
export const monotonicNow = (): number => performance.now();
