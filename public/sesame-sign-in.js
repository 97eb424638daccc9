// The sign-in of the form index.html draws, sent before the app's module has arrived.
//
// On a slow school link the module takes half a second or more, and an administrator who has
// typed a login and password need not wait for it: this sends the sign-in as the app does
// (`POST /api/session`), says a refusal in the page's own form, and once signed in starts
// downloading the directory of the school the app opens first — both while the module is still
// on its way. The app, when it starts, takes them over (src/boot_form.rs) rather than asking
// again. A plain script of this origin (the CSP allows no inline one), small, with no work at
// all on a page other than `/login` showing that form.
(() => {
    const boot = document.getElementById("boot");
    if (!boot || !document.body.classList.contains("at-sign-in")) return;
    const form = boot.querySelector("form");
    const button = form.querySelector("button");
    const status = boot.querySelector("[data-testid=static-login-status]");
    const field = (id) => document.getElementById(id);
    // Still the page's form: the app has not taken it over.
    const ours = () => document.getElementById("boot") === boot;
    const say = (text, alert) => {
        status.textContent = text;
        status.className = alert ? "error" : "hint";
        status.setAttribute("role", alert ? "alert" : "status");
        status.hidden = !text;
    };

    button.disabled = false;

    form.addEventListener("submit", (event) => {
        event.preventDefault();
        const state = window.sesameBoot;
        if (state && state.pending) return;
        const login = field("boot-login").value;
        const password = field("boot-password").value;
        // What the app takes over: the sign-in's answer (`taken` once it has), and the directory
        // started after it. One sign-in at a time; a new one replaces a refused one.
        const sent = { pending: true, taken: false, directory: null };
        sent.signIn = fetch("/api/session", {
            method: "POST",
            headers: { "Content-Type": "application/json" },
            body: JSON.stringify({ login, password }),
        });
        window.sesameBoot = sent;
        button.disabled = true;
        say("Connexion…", false);
        const refused = (message) => {
            sent.pending = false;
            if (!ours()) return;
            button.disabled = false;
            say(message, true);
        };
        sent.signIn
            .then((answer) =>
                answer
                    .clone()
                    .json()
                    .catch(() => ({}))
                    .then((body) => {
                        if (!answer.ok) {
                            const error = body.error || {};
                            return refused(error.message || "Erreur " + answer.status + " du serveur.");
                        }
                        sent.pending = false;
                        // The school the app opens first (core's `Home`): the first of theirs,
                        // unless the address names a page to go back to. Not once the app has
                        // the answer: it asks for the directory itself then, and would twice.
                        const first = (body.structures || [])[0];
                        const back = new URLSearchParams(location.search).has("next");
                        if (first && !back && !sent.taken) {
                            // Read as it arrives, while the module still downloads: the app
                            // then has the text at once. It reads a failure too (it asks again
                            // then); a page it never reaches must not log one as unhandled.
                            const directory = fetch("/api/structures/" + first.id + "/users", { cache: "no-store" }).then(
                                async (response) => ({
                                    status: response.status,
                                    etag: response.headers.get("etag"),
                                    text: await response.text(),
                                }),
                            );
                            directory.catch(() => {});
                            sent.directory = { structureId: first.id, answer: directory };
                        }
                        if (ours()) {
                            field("boot-password").value = "";
                            say("Connecté : Sésame se charge…", false);
                        }
                    }),
            )
            .catch(() =>
                refused("Le serveur ne répond pas : vérifiez votre connexion à Internet, puis réessayez."),
            );
    });
})();
