// A square button with only an icon: its label is required, and shown as a tooltip.
import { forwardRef, type ButtonHTMLAttributes, type ReactNode } from 'react';
import { Tooltip } from './tooltip';
import './ui.css';

export interface IconButtonProps extends ButtonHTMLAttributes<HTMLButtonElement> {
  label: string;
  children: ReactNode;
}

export const IconButton = forwardRef<HTMLButtonElement, IconButtonProps>(function IconButton({ label, children, className, ...rest }, ref) {
  return (
    <Tooltip content={label}>
      <button ref={ref} type="button" aria-label={label} className={`icon-button ${className ?? ''}`} {...rest}>
        {children}
      </button>
    </Tooltip>
  );
});
