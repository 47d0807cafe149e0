// The one answer to every reset request, on the page and in the API.
export const passwordResetRequested =
  "If an account uses this address, a link to choose a new password is on its way. It works once, for one hour at the most.";
