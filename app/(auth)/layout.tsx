import { Brand } from "@/app/components/brand";

// Signed-out pages: the app's name, and the way back to the start page.
export default function SignedOutLayout({ children }: { children: React.ReactNode }) {
  return (
    <>
      <header className="site-header">
        <Brand href="/" />
      </header>
      {children}
    </>
  );
}
