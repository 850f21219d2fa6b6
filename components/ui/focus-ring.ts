// One focus style for every interactive element, so keyboard users always see where they are.
export const focusRing =
  "focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600";
