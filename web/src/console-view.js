// The console: what the script printed, one line per print(), as text.
export function renderConsole(pre, logs) {
  pre.textContent = (logs || []).join('\n');
  return (logs || []).length > 0;
}
