import { startTransition, type FormEvent } from "react";

/**
 * An onSubmit that hands the form's fields, with the button that sent them, to a
 * useActionState dispatch. Not `<form action>`: React resets a form after an action, and a
 * reset empties controlled inputs and puts controlled selects back on their first option
 * while their state keeps the old value (react#30580), so the next submission would send
 * something else than the screen shows (the API key after a test, the "Track as" choice).
 */
export function submitTo(dispatch: (formData: FormData) => void) {
  return (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const submitter = event.nativeEvent instanceof SubmitEvent ? event.nativeEvent.submitter : null;
    const formData = new FormData(event.currentTarget, submitter);
    startTransition(() => dispatch(formData));
  };
}
