/* Short confirmations and failures that do not belong to one place on the page. */
export interface ToastMessage {
  id: number;
  tone: 'success' | 'danger' | 'info';
  text: string;
}

let nextId = 1;
export const toasts = $state<ToastMessage[]>([]);

function push(tone: ToastMessage['tone'], text: string, ms = 4500): void {
  const id = nextId++;
  toasts.push({ id, tone, text });
  setTimeout(() => dismiss(id), ms);
}

export function dismiss(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

export const toast = {
  success: (text: string) => push('success', text),
  error: (text: string) => push('danger', text, 7000),
  info: (text: string) => push('info', text),
};
