// A code block highlighted once it is on screen; plain text of the same size until then.
// Highlighting was a third of what 50 messages cost to render, for blocks mostly out of view.
import { useEffect, useRef, useState } from "react";
import { PrismAsyncLight as SyntaxHighlighter } from "react-syntax-highlighter";

const WRAP = { style: { whiteSpace: "pre-wrap" } };

export function LazyCode({ code, language }) {
  const plain = useRef(null);
  const [seen, setSeen] = useState(false);
  useEffect(() => {
    if (seen || !plain.current) return undefined;
    const observer = new IntersectionObserver((entries) => {
      if (entries.some((entry) => entry.isIntersecting)) setSeen(true);
    });
    observer.observe(plain.current);
    return () => observer.disconnect();
  }, [seen]);
  if (seen) {
    // Tokens get class names, coloured by assets/chat.css (inline styles cost far more).
    return (
      <SyntaxHighlighter language={language} useInlineStyles={false} wrapLongLines codeTagProps={WRAP}>
        {code}
      </SyntaxHighlighter>
    );
  }
  return (
    <pre ref={plain} className="prismjs">
      <code {...WRAP}>{code}</code>
    </pre>
  );
}
