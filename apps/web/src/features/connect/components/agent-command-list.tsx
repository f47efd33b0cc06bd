import { CopyButton } from '../../../components/ui/copy-button';

interface AgentCommandListProps {
  lines: readonly string[];
  /** What each line does, same order as `lines`. */
  captions: readonly string[];
}

/** Each command in its own block so it can be copied and pasted on its own; the `<pre>` holds exactly the command. */
export function AgentCommandList({ lines, captions }: AgentCommandListProps) {
  return (
    <ol className="space-y-4">
      {lines.map((line, index) => (
        <li key={`${index}-${line}`}>
          <p className="mb-1 text-gray-600 dark:text-gray-300">
            <span className="font-medium">{index + 1}.</span> {captions[index] ?? 'Run'}
          </p>
          <div className="flex items-start gap-2">
            <pre
              data-testid="agent-command"
              className="min-w-0 flex-1 rounded-md whitespace-pre-wrap [overflow-wrap:anywhere] bg-gray-900 px-3 py-2 font-mono text-xs leading-relaxed text-gray-100 dark:bg-black dark:ring-1 dark:ring-gray-800"
            >
              <code>{line}</code>
            </pre>
            <CopyButton text={line} label={`Copy command ${index + 1}`} />
          </div>
        </li>
      ))}
    </ol>
  );
}
