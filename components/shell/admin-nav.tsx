'use client';
import Link from 'next/link';
import { usePathname } from 'next/navigation';

export type NavItem = { href: string; label: string; children?: { href: string; label: string }[] };

export function AdminNav({ items }: { items: NavItem[] }) {
  const pathname = usePathname();
  const isCurrent = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  return (
    <nav aria-label="Main" className="md:w-52 md:shrink-0">
      <ul className="flex gap-1 overflow-x-auto md:flex-col">
        {items.map((item) => (
          <li key={item.href}>
            <Link
              href={item.href}
              aria-current={isCurrent(item.href) ? 'page' : undefined}
              className={`block whitespace-nowrap rounded px-3 py-2 text-sm font-medium ${isCurrent(item.href) ? 'bg-brand-100 text-brand-800' : 'text-slate-700 hover:bg-slate-100'}`}
            >
              {item.label}
            </Link>
            {item.children && isCurrent(item.href) && (
              <ul className="hidden md:block">
                {item.children.map((child) => (
                  <li key={child.href}>
                    <Link
                      href={child.href}
                      aria-current={isCurrent(child.href) ? 'page' : undefined}
                      className={`block rounded py-1.5 pl-6 pr-3 text-sm ${isCurrent(child.href) ? 'font-medium text-brand-800' : 'text-slate-600 hover:bg-slate-100'}`}
                    >
                      {child.label}
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </nav>
  );
}
