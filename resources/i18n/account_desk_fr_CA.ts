<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr_CA">
<context>
    <name></name>
    <message>
        <location filename="../../ui/shell/application.py" line="+244"/>
        <source>Starting the demo service and signing in…</source>
        <translation>Démarrage du service de démonstration et connexion…</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The demo could not start: %1 Use Sign in to try again.</source>
        <translation>La démonstration n&apos;a pas pu démarrer : %1 Utilisez « Se connecter » pour réessayer.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>(Attempt %1, at %2.)</source>
        <translation>(Tentative %1, à %2.)</translation>
    </message>
    <message>
        <location filename="../../ui/common/service_refusal.py" line="+53"/>
        <source>The server answered: the firm&apos;s account is closed and its practice data has been deleted, so nothing can be read or exported any more.</source>
        <translation>Le serveur a répondu : le compte du cabinet est fermé et ses données ont été supprimées; plus rien ne peut être consulté ni exporté.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The server answered that this user may not sign in. If the firm&apos;s account was closed: %1</source>
        <translation>Le serveur a répondu que cet utilisateur ne peut pas se connecter. Si le compte du cabinet a été fermé : %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Saved on this computer: the account was closed on %1; the practice data was reachable until the end of %2 (UTC) and deleted at %3.</source>
        <translation>Enregistré sur cet ordinateur : le compte a été fermé le %1; les données du cabinet étaient accessibles jusqu&apos;à la fin du %2 (UTC) et ont été supprimées le %3.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Escrowed data is kept until the end of %1 (UTC).</source>
        <translation>Les données entiercées sont conservées jusqu&apos;à la fin du %1 (UTC).</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>(The closing day was entered by you, not confirmed by the service.)</source>
        <translation>(Le jour de la fermeture a été saisi par vous, et non confirmé par le service.)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/application.py" line="+17"/>
        <source>Connecting to the server…</source>
        <translation>Connexion au serveur…</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Account Desk could not connect.</source>
        <translation>Account Desk n&apos;a pas pu se connecter.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/shell/demo_clock.py" line="+43"/>
        <source>The demo clock moved on %Ln day(s): it is now %1 on the demo service.</source>
        <translation>
            <numerusform>L&apos;horloge de démonstration a avancé de %Ln jour : il est maintenant %1 sur le service de démonstration.</numerusform>
            <numerusform>L&apos;horloge de démonstration a avancé de %Ln jours : il est maintenant %1 sur le service de démonstration.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The demo clock did not move: %1</source>
        <translation>L&apos;horloge de démonstration n&apos;a pas avancé : %1</translation>
    </message>
    <message>
        <location filename="../../ui/shell/application.py" line="+234"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Connecting… This page fills in as soon as Account Desk is signed in.</source>
        <translation>Connexion… Cette page se remplit dès qu&apos;Account Desk est connecté.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>You are not signed in. Sign in to see your firm&apos;s account.</source>
        <translation>Vous n&apos;êtes pas connecté. Connectez-vous pour voir le compte de votre cabinet.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign in…</source>
        <translation>Se connecter…</translation>
    </message>
    <message>
        <location filename="../../ui/closing/meaning_step.py" line="+133"/>
        <location filename="../../ui/closing/when_step.py" line="+32"/>
        <source>%1 to %2</source>
        <translation>du %1 au %2</translation>
    </message>
    <message>
        <location filename="../../ui/closing/when_step.py" line="+8"/>
        <source>Everyone keeps working as today until %1; then the account closes by itself. You can cancel the closing until then.</source>
        <translation>Tout le monde continue de travailler comme aujourd&apos;hui jusqu&apos;au %1; le compte se ferme ensuite de lui-même. Vous pouvez annuler la fermeture d&apos;ici là.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The current billing period (%1) was paid: %2. It is used to its end; nothing is refunded.</source>
        <translation>La période de facturation en cours (%1) a été payée : %2. Elle est utilisée jusqu&apos;à la fin; rien n&apos;est remboursé.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The account closes as soon as you confirm: from then on only the people who keep access can sign in, read only.</source>
        <translation>Le compte se ferme dès que vous confirmez : à partir de ce moment, seules les personnes qui gardent l&apos;accès peuvent se connecter, en lecture seule.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The current billing period (%1) was paid: %2. It is not refunded.</source>
        <translation>La période de facturation en cours (%1) a été payée : %2. Elle n&apos;est pas remboursée.</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%Ln day(s) of it go unused, worth about %1, and are not refunded either.</source>
        <translation>
            <numerusform>%Ln jour reste inutilisé, d&apos;une valeur d&apos;environ %1, et n&apos;est pas remboursé non plus.</numerusform>
            <numerusform>%Ln jours restent inutilisés, d&apos;une valeur d&apos;environ %1, et ne sont pas remboursés non plus.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The practice data stays reachable until %1, then it is deleted.</source>
        <translation>Les données du cabinet restent accessibles jusqu&apos;au %1, puis elles sont supprimées.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Escrowed data is kept until %1.</source>
        <translation>Les données entiercées sont conservées jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>After closing, the Primary Subscriber can reopen the account until %1.</source>
        <translation>Après la fermeture, l&apos;Abonné principal peut rouvrir le compte jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>At the end of the paid period, on %1 (recommended)</source>
        <translation>À la fin de la période payée, le %1 (recommandé)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Now</source>
        <translation>Maintenant</translation>
    </message>
    <message>
        <location line="+92"/>
        <source>You are about to close the account of %1 at the end of the paid period, at %2. Until then everyone keeps working; then every user and the firm&apos;s clients lose access. Nothing more is charged and nothing is refunded.</source>
        <translation>Vous êtes sur le point de fermer le compte de %1 à la fin de la période payée, le %2. D&apos;ici là, tout le monde continue de travailler; ensuite, tous les utilisateurs et les clients du cabinet perdent l&apos;accès. Plus rien n&apos;est facturé et rien n&apos;est remboursé.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>You are about to close the account of %1 now. Every user and the firm&apos;s clients lose access at once; nothing more is charged and the current period is not refunded.</source>
        <translation>Vous êtes sur le point de fermer le compte de %1 maintenant. Tous les utilisateurs et les clients du cabinet perdent l&apos;accès immédiatement; plus rien n&apos;est facturé et la période en cours n&apos;est pas remboursée.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The account closes by itself at %1, at the end of the paid period. Until then everyone keeps working as today.</source>
        <translation>Le compte se fermera de lui-même le %1, à la fin de la période payée. D&apos;ici là, tout le monde continue de travailler comme aujourd&apos;hui.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Changed your mind? The Primary Subscriber can cancel the closing on the Account and Payment Info page until then.</source>
        <translation>Vous avez changé d&apos;avis? L&apos;Abonné principal peut annuler la fermeture d&apos;ici là, à la page Compte et paiement.</translation>
    </message>
    <message>
        <location filename="../../ui/closing/meaning_step.py" line="+3"/>
        <source>The current billing period (%1) costs %2</source>
        <translation>La période de facturation en cours (%1) coûte %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The current billing period (%1) was paid: %2</source>
        <translation>La période de facturation en cours (%1) a été payée : %2</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>. It is not refunded.</source>
        <translation>. Elle n&apos;est pas remboursée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of it are unused after today, worth about %2, and are not refunded either.</source>
        <translation>%1 restent inutilisés après aujourd&apos;hui, soit environ %2, et ne sont pas remboursés non plus.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <location filename="../../ui/common/formats.py" line="+181"/>
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln jour</numerusform>
            <numerusform>%Ln jours</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The yearly plan&apos;s discount of %1 per user per month does not turn into a refund of the unused months.</source>
        <translation>Le rabais du forfait annuel de %1 par utilisateur par mois ne donne lieu à aucun remboursement des mois inutilisés.</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../../ui/closing/when_step.py" line="-139"/>
        <source>Nothing more is charged: the charge of %1 due on %2 will not be made.</source>
        <translation>Plus rien n&apos;est facturé : le prélèvement de %1 prévu le %2 n&apos;aura pas lieu.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/common/formats.py" line="-53"/>
        <source>%Ln record(s)</source>
        <translation>
            <numerusform>%Ln enregistrement</numerusform>
            <numerusform>%Ln enregistrements</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln file(s)</source>
        <translation>
            <numerusform>%Ln fichier</numerusform>
            <numerusform>%Ln fichiers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln document file(s)</source>
        <translation>
            <numerusform>%Ln fichier de document</numerusform>
            <numerusform>%Ln fichiers de documents</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Working out the time left…</source>
        <translation>Calcul du temps restant…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Less than a minute left</source>
        <translation>Moins d&apos;une minute restante</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>About %Ln minute(s) left</source>
        <translation>
            <numerusform>Environ %Ln minute restante</numerusform>
            <numerusform>Environ %Ln minutes restantes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>About %Ln hour(s) left</source>
        <translation>
            <numerusform>Environ %Ln heure restante</numerusform>
            <numerusform>Environ %Ln heures restantes</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/export/verification_step.py" line="+45"/>
        <source>Document %1</source>
        <translation>Document %1</translation>
    </message>
    <message>
        <location filename="../../ui/signin/dialog.py" line="+89"/>
        <source>This computer (reference backend)</source>
        <translation>Cet ordinateur (serveur de référence)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Custom address…</source>
        <translation>Autre adresse…</translation>
    </message>
    <message>
        <location filename="../../ui/closing/receipt.py" line="+54"/>
        <source>nobody</source>
        <translation>personne</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reference number</source>
        <translation>Numéro de référence</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Firm</source>
        <translation>Cabinet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed at (server time)</source>
        <translation>Fermé le (heure du serveur)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Confirmed by the server at</source>
        <translation>Confirmé par le serveur le</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed by</source>
        <translation>Fermé par</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reason</source>
        <translation>Raison</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not given</source>
        <translation>non précisée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Designated user</source>
        <translation>Utilisateur désigné</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Practice data readable until</source>
        <translation>Données du cabinet lisibles jusqu’à</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+8"/>
        <location filename="../../ui/common/formats.py" line="+26"/>
        <source>the end of %1 (UTC)</source>
        <translation>%1, en fin de journée (UTC)</translation>
    </message>
    <message>
        <location line="-6"/>
        <source>Practice data deleted at</source>
        <translation>Données du cabinet supprimées le</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Escrowed data kept until</source>
        <translation>Données en dépôt fiduciaire conservées jusqu’à</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Rule</source>
        <translation>Règle</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Last verified export</source>
        <translation>Dernière exportation vérifiée</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>none on record on this computer</source>
        <translation>aucune enregistrée sur cet ordinateur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Export folder</source>
        <translation>Dossier de l’exportation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Manifest SHA-256</source>
        <translation>SHA-256 du manifeste</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+18"/>
        <source>Account closing receipt</source>
        <translation>Reçu de fermeture du compte</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>The service confirmed that this account is closed.</source>
        <translation>Le service a confirmé la fermeture de ce compte.</translation>
    </message>
    <message>
        <location line="+54"/>
        <source>Print the closing receipt</source>
        <translation>Imprimer le reçu de fermeture</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>&amp;Print the receipt…</source>
        <translation>&amp;Imprimer le reçu…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open its &amp;folder</source>
        <translation>Ouvrir son &amp;dossier</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Closing reference %1. Saving the receipt in %2…</source>
        <translation>Référence de fermeture %1. Enregistrement du reçu dans %2…</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>The account is closed (reference %1), but its receipt could not be saved in %2: %3</source>
        <translation>Le compte est fermé (référence %1), mais son reçu n’a pas pu être enregistré dans %2 : %3</translation>
    </message>
    <message>
        <location line="-18"/>
        <source>Closing reference %1. The receipt is saved as %2 and %3 in %4.</source>
        <translation>Référence de fermeture %1. Le reçu est enregistré sous %2 et %3 dans %4.</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>The receipt was sent to the printer.</source>
        <translation>Le reçu a été envoyé à l’imprimante.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No file manager opened. The receipt is in: %1</source>
        <translation>Aucun gestionnaire de fichiers ne s’est ouvert. Le reçu se trouve dans : %1</translation>
    </message>
    <message>
        <location filename="../../ui/common/formats.py" line="+2"/>
        <source>%1 (the end of %2, UTC)</source>
        <translation>%1 (la fin du %2, UTC)</translation>
    </message>
    <message numerus="yes">
        <location line="+7"/>
        <source>%Ln hour(s)</source>
        <translation>
            <numerusform>%Ln heure</numerusform>
            <numerusform>%Ln heures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln minute(s)</source>
        <translation>
            <numerusform>%Ln minute</numerusform>
            <numerusform>%Ln minutes</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 and %2</source>
        <translation>%1 et %2</translation>
    </message>
    <message>
        <location filename="../../ui/closing/countdown_parts.py" line="+44"/>
        <source>Account closed</source>
        <translation>Compte fermé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>30 days left to export</source>
        <translation>30 jours pour exporter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>7 days left to export</source>
        <translation>7 jours pour exporter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1 day left to export</source>
        <translation>1 jour pour exporter</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Practice data deleted</source>
        <translation>Données du cabinet supprimées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escrow ends</source>
        <translation>Fin de l&apos;entiercement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Today</source>
        <translation>Aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>The account of %1 is active until %2, when it closes by itself at the end of the paid period. Then the firm&apos;s clients lose access and the practice data stays reachable until %3, then is deleted for good.</source>
        <translation>Le compte de %1 est actif jusqu&apos;au %2, moment où il se ferme de lui-même à la fin de la période payée. Les clients du cabinet perdent alors l&apos;accès et les données du cabinet restent accessibles jusqu&apos;au %3, puis sont supprimées définitivement.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The account of %1 is active: nothing is counting down. If it were closed today, the firm&apos;s clients would lose access at once and the practice data would stay reachable until %2, then be deleted for good.</source>
        <translation>Le compte de %1 est actif : aucun compte à rebours n&apos;est en cours. S&apos;il était fermé aujourd&apos;hui, les clients du cabinet perdraient l&apos;accès aussitôt et les données du cabinet resteraient accessibles jusqu&apos;au %2, puis seraient supprimées définitivement.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>The firm has an escrow arrangement: after the scheduled closing, escrowed data is kept until %1.</source>
        <translation>Le cabinet a une entente d&apos;entiercement : après la fermeture prévue, les données entiercées sont conservées jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The firm has an escrow arrangement: after a closing today, escrowed data would be kept until %1.</source>
        <translation>Le cabinet a une entente d&apos;entiercement : après une fermeture aujourd&apos;hui, les données entiercées seraient conservées jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The firm has no escrow arrangement.</source>
        <translation>Le cabinet n&apos;a pas d&apos;entente d&apos;entiercement.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Escrow: not known yet.</source>
        <translation>Entiercement : pas encore connu.</translation>
    </message>
    <message>
        <location filename="../../ui/common/formats.py" line="+7"/>
        <source>After closing, only the Primary Subscriber, the administrators and the designated user (if one was chosen) can sign in, read only, to export the data.</source>
        <translation>Après la fermeture, seuls l&apos;Abonné principal, les administrateurs et l&apos;utilisateur désigné (s&apos;il y en a un) peuvent se connecter, en lecture seule, pour exporter les données.</translation>
    </message>
    <message>
        <location filename="../../ui/closing/countdown_parts.py" line="-50"/>
        <source>All users sign in and work as usual</source>
        <translation>Tous les utilisateurs se connectent et travaillent comme d&apos;habitude</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clients use the client portal</source>
        <translation>Les clients utilisent le portail client</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the firm&apos;s data</source>
        <translation>Exporter les données du cabinet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escrowed data is kept for the firm</source>
        <translation>Les données entiercées sont conservées pour le cabinet</translation>
    </message>
    <message>
        <location filename="../../ui/closing/countdown_page.py" line="+109"/>
        <source>Save calendar reminders</source>
        <translation>Enregistrer les rappels d&apos;agenda</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Calendar files (*.ics)</source>
        <translation>Fichiers d&apos;agenda (*.ics)</translation>
    </message>
    <message>
        <location filename="../../ui/shell/placeholder.py" line="+37"/>
        <source>System</source>
        <translation>Système</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account and Payment Info</source>
        <translation>Compte et paiement</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your firm&apos;s plan, seats, billing period and charges, online payments and escrow, and who the Primary Subscriber is.</source>
        <translation>Le forfait de votre cabinet, ses utilisateurs, sa période de facturation et ses frais, les paiements en ligne et l&apos;entiercement, et qui est l&apos;Abonné principal.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Data export</source>
        <translation>Exportation des données</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save a complete copy of your firm&apos;s data to a folder on this computer.</source>
        <translation>Enregistrez une copie complète des données de votre cabinet dans un dossier de cet ordinateur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Data availability</source>
        <translation>Disponibilité des données</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>After the account is closed: how long your data stays available, day by day.</source>
        <translation>Après la fermeture du compte : combien de temps vos données restent accessibles, jour par jour.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What closing the account means, in plain words.</source>
        <translation>Ce que signifie la fermeture du compte, en termes simples.</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/shell/main_window.py" line="+77"/>
        <source>%Ln minute(s) old</source>
        <translation>
            <numerusform>il y a %Ln minute</numerusform>
            <numerusform>il y a %Ln minutes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln hour(s) old</source>
        <translation>
            <numerusform>il y a %Ln heure</numerusform>
            <numerusform>il y a %Ln heures</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln day(s) old</source>
        <translation>
            <numerusform>il y a %Ln jour</numerusform>
            <numerusform>il y a %Ln jours</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/common/opening.py" line="+23"/>
        <source>%1 is not there any more (moved, deleted, or on a drive that is not connected).</source>
        <translation>%1 n&apos;existe plus (déplacé, supprimé ou sur un disque non branché).</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Nothing on this computer could open it. Open it by hand from this location: %1</source>
        <translation>Rien sur cet ordinateur n&apos;a pu l&apos;ouvrir. Ouvrez-le vous-même à cet emplacement : %1</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/common/formats.py" line="-75"/>
        <source>%Ln byte(s)</source>
        <translation>
            <numerusform>%Ln octet</numerusform>
            <numerusform>%Ln octets</numerusform>
        </translation>
    </message>
    <message>
        <location filename="../../ui/closing/timeline_chart.py" line="+83"/>
        <source>Picture of the time left</source>
        <translation>Image du temps qui reste</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Closing today</source>
        <translation>Fermeture aujourd’hui</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Read only: sign in and export</source>
        <translation>Lecture seule : connexion et exportation</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Only escrowed data is kept</source>
        <translation>Seules les données en dépôt fiduciaire sont conservées</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Nothing is kept</source>
        <translation>Rien n’est conservé</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Today: %1</source>
        <translation>Aujourd’hui : %1</translation>
    </message>
    <message>
        <location filename="../../ui/closing/unpaid_invoices.py" line="+22"/>
        <source>%1 for %2: %3</source>
        <translation>%1 pour %2 : %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(no client)</source>
        <translation>(aucun client)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>, due %1</source>
        <translation>, échéance le %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (draft)</source>
        <translation> (brouillon)</translation>
    </message>
    <message numerus="yes">
        <location line="+13"/>
        <source>%Ln bill(s) awaiting payment, %1 in all.</source>
        <translation>
            <numerusform>%Ln facture en attente de paiement, %1 au total.</numerusform>
            <numerusform>%Ln factures en attente de paiement, %1 au total.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Closing turns the payment links off: clients can no longer pay them online. Collect them, or tell the clients how to pay, before you close.</source>
        <translation>La fermeture désactive les liens de paiement : les clients ne peuvent plus les payer en ligne. Encaissez-les, ou dites aux clients comment payer, avant de fermer.</translation>
    </message>
    <message numerus="yes">
        <location line="+6"/>
        <source>%Ln draft bill(s), %1 in all, never sent.</source>
        <translation>
            <numerusform>%Ln facture en brouillon, %1 au total, jamais envoyée.</numerusform>
            <numerusform>%Ln factures en brouillon, %1 au total, jamais envoyées.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Issue them before closing, or bill this work elsewhere.</source>
        <translation>Émettez-les avant de fermer, ou facturez ce travail ailleurs.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>and %Ln more bill(s).</source>
        <translation>
            <numerusform>et %Ln autre facture.</numerusform>
            <numerusform>et %Ln autres factures.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No bill is awaiting payment and there are no draft bills.</source>
        <translation>Aucune facture n’est en attente de paiement et il n’y a aucune facture en brouillon.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I close with these bills unpaid</source>
        <translation>Je ferme avec ces factures impayées</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>the unpaid bills</source>
        <translation>les factures impayées</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Unpaid client invoices</source>
        <translation>Factures clients impayées</translation>
    </message>
</context>
<context>
    <name>AccessPage</name>
    <message>
        <location filename="../../ui/closing/access_step.py" line="+22"/>
        <source>Who keeps access for the 90 days</source>
        <translation>Qui garde l&apos;accès pendant les 90 jours</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>You may designate any other active user of the firm.</source>
        <translation>Vous pouvez désigner tout autre utilisateur actif du cabinet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Who keeps access</source>
        <translation>Qui garde l&apos;accès</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Keeps access:</source>
        <translation>Garde l&apos;accès :</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>You may designate any other active user of the firm; the service&apos;s page or its support team sets it when the account is closed.</source>
        <translation>Vous pouvez désigner tout autre utilisateur actif du cabinet; la page du service ou son équipe de soutien l’enregistre au moment de la fermeture du compte.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>%1 (Primary Subscriber)</source>
        <translation>%1 (Abonné principal)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (administrator)</source>
        <translation>%1 (administrateur)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (user)</source>
        <translation>%1 (utilisateur)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The list of users could not be read (%1).</source>
        <translation>La liste des utilisateurs n&apos;a pas pu être lue (%1).</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>No one else is designated.</source>
        <translation>Personne d&apos;autre n&apos;est désigné.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 can sign in, read everything and export the firm&apos;s data until %2, but cannot change anything.</source>
        <translation>%1 peut se connecter, tout consulter et exporter les données du cabinet jusqu&apos;au %2, mais ne peut rien modifier.</translation>
    </message>
</context>
<context>
    <name>AccountPage</name>
    <message>
        <location filename="../../ui/account/page.py" line="+161"/>
        <location line="+2"/>
        <location line="+401"/>
        <source>Close Account</source>
        <translation>Fermer le compte</translation>
    </message>
    <message>
        <location line="-386"/>
        <source>Account and Payment Info</source>
        <translation>Compte et paiement</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+115"/>
        <location line="+197"/>
        <location line="+42"/>
        <source>Loading…</source>
        <translation>Chargement…</translation>
    </message>
    <message>
        <location line="-351"/>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>Actualiser</translation>
    </message>
    <message>
        <location line="-3"/>
        <source>Refresh account information</source>
        <translation>Actualiser les renseignements du compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Ask the server again (F5)</source>
        <translation>Interroger de nouveau le serveur (F5)</translation>
    </message>
    <message>
        <location line="+126"/>
        <source>Account Desk cannot reach the server.</source>
        <translation>Account Desk ne peut pas joindre le serveur.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Showing the information saved on %1; it may be out of date. %2 Press Refresh (F5) to try again.</source>
        <translation>Affichage des renseignements enregistrés le %1; ils peuvent être périmés. %2 Appuyez sur Actualiser (F5) pour réessayer.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Something went wrong.</source>
        <translation>Un problème est survenu.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Not loaded</source>
        <translation>Non chargé</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Account Desk could not load your account. %1 Press Refresh (F5) to try again.</source>
        <translation>Account Desk n&apos;a pas pu charger votre compte. %1 Appuyez sur Actualiser (F5) pour réessayer.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>As of %1</source>
        <translation>En date du %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>As of %1 (saved copy, offline)</source>
        <translation>En date du %1 (copie enregistrée, hors ligne)</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>This account is already closed.</source>
        <translation>Ce compte est déjà fermé.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+90"/>
        <source>Only the Primary Subscriber, %1, can close this account.</source>
        <translation>Seul l&apos;Abonné principal, %1, peut fermer ce compte.</translation>
    </message>
    <message>
        <location line="-86"/>
        <location line="+90"/>
        <source>Only the Primary Subscriber can close this account.</source>
        <translation>Seul l&apos;Abonné principal peut fermer ce compte.</translation>
    </message>
    <message>
        <location line="-86"/>
        <source>This account cannot be closed in Account Desk.</source>
        <translation>Ce compte ne peut pas être fermé dans Account Desk.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Start the guided closing of the account</source>
        <translation>Commencer la fermeture guidée du compte</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>If the firm needs to close its account and %1 cannot do it, call support.</source>
        <translation>Si le cabinet doit fermer son compte et que %1 ne peut pas le faire, appelez le soutien technique.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>nobody</source>
        <translation>personne</translation>
    </message>
    <message>
        <location line="-4"/>
        <location line="+5"/>
        <source>Support</source>
        <translation>Soutien technique</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your account has a contract with the service, so it is closed with support&apos;s help. Call them: they will walk you through it.</source>
        <translation>Votre compte est lié par un contrat avec le service; il est donc fermé avec l&apos;aide du soutien technique. Appelez-le : on vous guidera.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The service does not allow this account to be closed here. Call support: they will close it with you.</source>
        <translation>Le service ne permet pas de fermer ce compte ici. Appelez le soutien technique : il le fermera avec vous.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Call support to close the account</source>
        <translation>Appeler le soutien technique pour fermer le compte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The support line could not be loaded.</source>
        <translation>Le numéro du soutien technique n&apos;a pas pu être chargé.</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Questions about the account, its billing or closing it? Call support.</source>
        <translation>Des questions sur le compte, sa facturation ou sa fermeture? Appelez le soutien.</translation>
    </message>
    <message>
        <location line="+48"/>
        <source>Billing facts are on the service&apos;s settings page</source>
        <translation>Les données de facturation se trouvent sur la page de paramètres du service</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>As of %1, from the service&apos;s data API</source>
        <translation>En date du %1, selon l&apos;API de données du service</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Not known</source>
        <translation>Inconnu</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account Desk could not ask the server who you are. %1</source>
        <translation>Account Desk n&apos;a pas pu demander au serveur qui vous êtes. %1</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>The guided closing is not available in this version of Account Desk. Call support to close the account.</source>
        <translation>La fermeture guidée n&apos;est pas offerte dans cette version d&apos;Account Desk. Appelez le soutien technique pour fermer le compte.</translation>
    </message>
</context>
<context>
    <name>AlternativesPage</name>
    <message>
        <location filename="../../ui/closing/alternatives_step.py" line="+62"/>
        <source>Before you close: other ways</source>
        <translation>Avant de fermer : d’autres solutions</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>If the cost or a change of people is why you are closing, one of these may fit better. You may skip them: Next goes on with closing.</source>
        <translation>Si c’est le coût ou un changement de personnes qui vous fait fermer, l’une de ces solutions conviendra peut-être mieux. Vous pouvez les ignorer : Suivant poursuit la fermeture.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Hand the Primary Subscriber role to someone else</source>
        <translation>Confier le rôle d’abonné principal à quelqu’un d’autre</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New Primary Subscriber</source>
        <translation>Nouvel abonné principal</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Make them the Primary &amp;Subscriber</source>
        <translation>En faire l’&amp;abonné principal</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Pay for fewer seats</source>
        <translation>Payer moins de postes</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Seats to pay for</source>
        <translation>Postes à payer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pay for &amp;fewer seats</source>
        <translation>Payer &amp;moins de postes</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Change how often you pay</source>
        <translation>Changer la fréquence de paiement</translation>
    </message>
    <message>
        <location line="+52"/>
        <location line="+84"/>
        <source>a year</source>
        <translation>par année</translation>
    </message>
    <message>
        <location line="-82"/>
        <location line="+84"/>
        <source>a month</source>
        <translation>par mois</translation>
    </message>
    <message>
        <location line="-75"/>
        <source>If you are leaving the firm, another user can take over the account and its billing instead of closing it. It happens at once; you become an administrator.</source>
        <translation>Si vous quittez le cabinet, un autre utilisateur peut reprendre le compte et sa facturation au lieu de le fermer. Le changement est immédiat; vous devenez administrateur.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>You pay for %1 seats, %2 %3; %4 are in use.</source>
        <translation>Vous payez %1 postes, %2 %3; %4 sont utilisés.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>You pay for %1 seats, %2 %3, and all %4 are in use. Each seat freed by deactivating a user in the service saves %5 a month.</source>
        <translation>Vous payez %1 postes, %2 %3, et les %4 sont tous utilisés. Chaque poste libéré en désactivant un utilisateur dans le service fait économiser %5 par mois.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Already chosen: %1 seats from %2.</source>
        <translation>Déjà choisi : %1 postes à partir du %2.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Switch to &amp;yearly billing</source>
        <translation>Passer à la facturation &amp;annuelle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Switch to &amp;monthly billing</source>
        <translation>Passer à la facturation &amp;mensuelle</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>saving %1 a year</source>
        <translation>une économie de %1 par année</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 more a year</source>
        <translation>%1 de plus par année</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Yearly billing: %1 a year for %2 seats (%3 per seat per month), %4, from %5.</source>
        <translation>Facturation annuelle : %1 par année pour %2 postes (%3 par poste par mois), %4, à partir du %5.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Monthly billing: %1 a month for %2 seats (%3 per seat per month), %4, from %5.</source>
        <translation>Facturation mensuelle : %1 par mois pour %2 postes (%3 par poste par mois), %4, à partir du %5.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Already chosen: the switch starts on %1.</source>
        <translation>Déjà choisi : le changement commence le %1.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>%1 seats: %2 %3, saving %4 a year</source>
        <translation>%1 postes : %2 %3, une économie de %4 par année</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Sending your choice to the service…</source>
        <translation>Envoi de votre choix au service…</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The service did not make the change: %1</source>
        <translation>Le service n’a pas fait le changement : %1</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 is now the Primary Subscriber: only they can close the account now.</source>
        <translation>%1 est maintenant l’abonné principal : cette personne seule peut désormais fermer le compte.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Done: you pay for %1 seats from %2. The account stays open.</source>
        <translation>C’est fait : vous payez %1 postes à partir du %2. Le compte reste ouvert.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Done: yearly billing from %1. The account stays open.</source>
        <translation>C’est fait : facturation annuelle à partir du %1. Le compte reste ouvert.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Done: monthly billing from %1. The account stays open.</source>
        <translation>C’est fait : facturation mensuelle à partir du %1. Le compte reste ouvert.</translation>
    </message>
</context>
<context>
    <name>AssistedPage</name>
    <message>
        <location filename="../../ui/closing/assisted_step.py" line="+65"/>
        <source>Close the account on the service&apos;s page</source>
        <translation>Fermer le compte sur la page du service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account Desk cannot close this account itself.</source>
        <translation>Account Desk ne peut pas fermer ce compte lui-même.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open Account and Payment Info</source>
        <translation>&amp;Ouvrir Informations sur le compte et le paiement</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Or close it with the service&apos;s support line</source>
        <translation>Ou fermez-le avec la ligne de soutien du service</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Did you close it?</source>
        <translation>L’avez-vous fermé?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Yes, the service has closed the account</source>
        <translation>&amp;Oui, le service a fermé le compte</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;The day it was closed:</source>
        <translation>&amp;Jour de la fermeture :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The firm has a data-&amp;escrow arrangement</source>
        <translation>Le cabinet a une entente d’&amp;entiercement des données</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>This service does not let Account Desk close the account: you close it on the service&apos;s own page, or with its support team.</source>
        <translation>Ce service ne permet pas à Account Desk de fermer le compte : vous le fermez sur la page du service lui-même, ou avec son équipe de soutien.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source> Tell it that %1 keeps access.</source>
        <translation> Indiquez-lui que %1 garde l’accès.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The button below opens the service&apos;s Account and Payment Info page (%1) in your browser; sign in there if asked, then press Close Account and follow the service&apos;s steps.%2 When it is closed, come back here and enter the day: Account Desk then counts down the %3 days the data stays reachable.</source>
        <translation>Le bouton ci-dessous ouvre la page Informations sur le compte et le paiement du service (%1) dans votre navigateur; connectez-vous si on vous le demande, puis appuyez sur Fermer le compte et suivez les étapes du service.%2 Une fois le compte fermé, revenez ici et saisissez le jour : Account Desk compte alors à rebours les %3 jours pendant lesquels les données restent accessibles.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Opens %1 in the browser</source>
        <translation>Ouvre %1 dans le navigateur</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The day is entered by you, not confirmed by the service: Account Desk shows it that way on every page.</source>
        <translation>Le jour est saisi par vous, et non confirmé par le service : Account Desk l’indique ainsi sur chaque page.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Opened %1 in the browser.</source>
        <translation>%1 a été ouvert dans le navigateur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No web browser opened. Open this address yourself: %1</source>
        <translation>Aucun navigateur ne s’est ouvert. Ouvrez vous-même cette adresse : %1</translation>
    </message>
    <message>
        <location line="-83"/>
        <source>The day the account was closed</source>
        <translation>Le jour de la fermeture du compte</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>This account is under a contract: the service&apos;s support team closes it with you.</source>
        <translation>Ce compte est lié par un contrat : l&apos;équipe de soutien du service le ferme avec vous.</translation>
    </message>
</context>
<context>
    <name>AvailabilityPage</name>
    <message>
        <location filename="../../ui/closing/countdown_page.py" line="+30"/>
        <location line="+35"/>
        <source>Data availability</source>
        <translation>Disponibilité des données</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>&amp;Refresh</source>
        <translation>&amp;Actualiser</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Add reminders to my &amp;calendar…</source>
        <translation>Ajouter des rappels à mon &amp;agenda…</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Practice data</source>
        <translation>Données du cabinet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escrowed data</source>
        <translation>Données entiercées</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Export now…</source>
        <translation>&amp;Exporter maintenant…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Timeline</source>
        <translation>Chronologie</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Timeline of the data&apos;s availability</source>
        <translation>Chronologie de la disponibilité des données</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>When</source>
        <translation>Quand</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Milestone</source>
        <translation>Étape</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>From then on</source>
        <translation>À partir de ce moment</translation>
    </message>
    <message>
        <location line="+158"/>
        <source>Showing the dates saved %1. %2</source>
        <translation>Affichage des dates enregistrées %1. %2</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>%1, section %2</source>
        <translation>%1, article %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>These periods and who keeps access are set by the service&apos;s %1.</source>
        <translation>Ces délais et les personnes qui gardent l&apos;accès sont fixés par les %1 du service.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>the firm</source>
        <translation>le cabinet</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Available as long as the account is open.</source>
        <translation>Disponibles tant que le compte est ouvert.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take a complete copy of the firm&apos;s data home before you decide.</source>
        <translation>Emportez une copie complète des données du cabinet avant de décider.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source> Dates from the server, last checked %1.</source>
        <translation> Dates fournies par le serveur, vérifiées pour la dernière fois %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The account of %1 was closed %2.</source>
        <translation>Le compte de %1 a été fermé %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The account of %1 was closed with the service on %2: a day entered by you, not confirmed by the service. The dates below are computed from that day.</source>
        <translation>Le compte de %1 a été fermé auprès du service le %2 : un jour saisi par vous, et non confirmé par le service. Les dates ci-dessous sont calculées à partir de ce jour.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Designated user: %1.</source>
        <translation>Utilisateur désigné : %1.</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+64"/>
        <source>Deleted</source>
        <translation>Supprimées</translation>
    </message>
    <message>
        <location line="-63"/>
        <source>The practice data was deleted at %1. It cannot be recovered.</source>
        <translation>Les données du cabinet ont été supprimées le %1. Elles ne peuvent pas être récupérées.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>left to sign in, read only, and export. Available until the end of %1 (UTC); deleted for good at %2.</source>
        <translation>pour se connecter, en lecture seule, et exporter. Disponibles jusqu&apos;à la fin du %1 (UTC); supprimées définitivement le %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No escrow</source>
        <translation>Pas d&apos;entiercement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The firm has no escrow arrangement: nothing is kept after deletion.</source>
        <translation>Le cabinet n&apos;a pas d&apos;entente d&apos;entiercement : rien n&apos;est conservé après la suppression.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ended</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escrow ended at %1.</source>
        <translation>L&apos;entiercement a pris fin le %1.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>left of escrow. Kept until the end of %1 (UTC), ending at %2.</source>
        <translation>d&apos;entiercement restant. Conservées jusqu&apos;à la fin du %1 (UTC), fin le %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The server&apos;s dates differ from Account Desk&apos;s own computation; the countdown follows the server. </source>
        <translation>Les dates du serveur diffèrent du calcul d&apos;Account Desk; le décompte suit le serveur. </translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Export everything you still need before the data is deleted.</source>
        <translation>Exportez tout ce dont vous avez encore besoin avant la suppression des données.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The server answered that the practice data is deleted: nothing can be read or exported any more. It cannot be recovered.</source>
        <translation>Le serveur a répondu que les données du cabinet sont supprimées : plus rien ne peut être lu ni exporté. Elles ne peuvent pas être récupérées.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Nothing: the data is gone</source>
        <translation>Rien : les données ont disparu</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No longer possible: %1</source>
        <translation>N&apos;est plus possible : %1</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The practice data of %1 has been deleted.</source>
        <translation>Les données du cabinet %1 ont été supprimées.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Escrow of %1&apos;s data has ended.</source>
        <translation>L&apos;entiercement des données de %1 a pris fin.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export anything you still need from %1: its data is deleted at %2.</source>
        <translation>Exportez tout ce dont vous avez encore besoin de %1 : ses données seront supprimées le %2.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The reminders could not be saved to %1: %2</source>
        <translation>Les rappels n&apos;ont pas pu être enregistrés dans %1 : %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Reminders saved to %1. Open that file with your calendar to add them.</source>
        <translation>Rappels enregistrés dans %1. Ouvrez ce fichier avec votre agenda pour les ajouter.</translation>
    </message>
</context>
<context>
    <name>ChangeOfMindPanel</name>
    <message>
        <location filename="../../ui/common/change_of_mind.py" line="+64"/>
        <location line="+108"/>
        <location line="+5"/>
        <source>Cancel the closing</source>
        <translation>Annuler la fermeture</translation>
    </message>
    <message>
        <location line="-110"/>
        <location line="+121"/>
        <location line="+6"/>
        <source>Reopen the account</source>
        <translation>Rouvrir le compte</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+33"/>
        <source>The Primary Subscriber can reopen the account until %1.</source>
        <translation>L&apos;Abonné principal peut rouvrir le compte jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="-22"/>
        <source>Closing scheduled for %1, at the end of the paid period. Until then everyone keeps working; then the account closes by itself.</source>
        <translation>Fermeture prévue le %1, à la fin de la période payée. D&apos;ici là, tout le monde continue de travailler; le compte se fermera ensuite de lui-même.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>You can cancel the closing until then.</source>
        <translation>Vous pouvez annuler la fermeture d&apos;ici là.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The Primary Subscriber can cancel it until then.</source>
        <translation>L&apos;Abonné principal peut l&apos;annuler d&apos;ici là.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>You can reopen the account until %1.</source>
        <translation>Vous pouvez rouvrir le compte jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>The practice data then stays reachable until %1.</source>
        <translation>Les données du cabinet restent ensuite accessibles jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cancel the closing scheduled for %1? The account stays open and the subscription continues: the next charge is made as usual.</source>
        <translation>Annuler la fermeture prévue le %1? Le compte reste ouvert et l&apos;abonnement continue : le prochain prélèvement est fait comme d&apos;habitude.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Reopen the account of %1? The subscription starts again and is charged as before; users who lost access sign in again. Online payments stay off until you turn them on again.</source>
        <translation>Rouvrir le compte de %1? L&apos;abonnement reprend et est facturé comme avant; les utilisateurs qui avaient perdu l&apos;accès se reconnectent. Les paiements en ligne restent désactivés jusqu&apos;à ce que vous les réactiviez.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>Waiting for the service…</source>
        <translation>En attente du service…</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Done: the service confirmed it.</source>
        <translation>C&apos;est fait : le service l&apos;a confirmé.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only the Primary Subscriber can do this.</source>
        <translation>Seul l&apos;Abonné principal peut le faire.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The service could not be reached (%1). Nothing has changed; try again.</source>
        <translation>Impossible de joindre le service (%1). Rien n&apos;a changé; réessayez.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Too late: the account has closed already. The Primary Subscriber can reopen it for a while.</source>
        <translation>Trop tard : le compte est déjà fermé. L&apos;Abonné principal peut le rouvrir pendant un certain temps.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Too late: the account can no longer be reopened. Call support.</source>
        <translation>Trop tard : le compte ne peut plus être rouvert. Appelez le soutien.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The account is open.</source>
        <translation>Le compte est ouvert.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The account changed in the meantime.</source>
        <translation>Le compte a changé entre-temps.</translation>
    </message>
</context>
<context>
    <name>ChecklistItem</name>
    <message>
        <location filename="../../ui/closing/checklist_step.py" line="+67"/>
        <source>Checking…</source>
        <translation>Vérification…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decided: close anyway</source>
        <translation>Décidé : fermer quand même</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Needs your decision</source>
        <translation>Décision requise</translation>
    </message>
</context>
<context>
    <name>ChecklistPage</name>
    <message>
        <location line="+17"/>
        <source>Before you close</source>
        <translation>Avant de fermer</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Each item is either done or needs you to tick that you close anyway. Next stays off until every item is settled.</source>
        <translation>Chaque élément est soit réglé, soit à cocher pour confirmer que vous fermez quand même. « Suivant » reste inactif tant que tous les éléments ne sont pas réglés.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Your last export</source>
        <translation>Votre dernière exportation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Export now…</source>
        <translation>&amp;Exporter maintenant…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Online payments</source>
        <translation>Paiements en ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust money and records</source>
        <translation>Argent et registres en fidéicommis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open matters</source>
        <translation>Dossiers ouverts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unbilled time and expenses</source>
        <translation>Temps et dépenses non facturés</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Account Desk could not check this: %1</source>
        <translation>Account Desk n&apos;a pas pu vérifier ceci : %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I close without checking %1</source>
        <translation>Je ferme sans vérifier %1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>You have not exported the firm&apos;s data with Account Desk. After closing, the data can still be exported for 90 days, then it is gone.</source>
        <translation>Vous n&apos;avez pas exporté les données du cabinet avec Account Desk. Après la fermeture, les données peuvent encore être exportées pendant 90 jours; ensuite, elles disparaissent.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+13"/>
        <source>I close without a verified export of the firm&apos;s data</source>
        <translation>Je ferme sans exportation vérifiée des données du cabinet</translation>
    </message>
    <message>
        <location line="-10"/>
        <source>nothing</source>
        <translation>rien</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Last export: %1, %2. It covers: %3.</source>
        <translation>Dernière exportation : %1, %2. Elle comprend : %3.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>verified</source>
        <translation>vérifiée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>NOT verified</source>
        <translation>NON vérifiée</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Account Desk cannot read the online payments of this service. Check pending payments, payment links and plans in the service before closing.</source>
        <translation>Account Desk ne peut pas lire les paiements en ligne de ce service. Vérifiez les paiements en attente, les liens de paiement et les plans de versements dans le service avant de fermer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I checked the online payments in the service</source>
        <translation>J&apos;ai vérifié les paiements en ligne dans le service</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>the online payments</source>
        <translation>les paiements en ligne</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No pending payments, payment links, payment plans or card processor.</source>
        <translation>Aucun paiement en attente, lien de paiement, plan de versements ni processeur de cartes.</translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%Ln payment authorisation(s) still pending (%2)</source>
        <translation>
            <numerusform>%Ln autorisation de paiement est encore en attente (%2)</numerusform>
            <numerusform>%Ln autorisations de paiement sont encore en attente (%2)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+8"/>
        <source>%Ln payment link(s) stop working.</source>
        <translation>
            <numerusform>%Ln lien de paiement cesse de fonctionner.</numerusform>
            <numerusform>%Ln liens de paiement cessent de fonctionner.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln payment plan(s) stop.</source>
        <translation>
            <numerusform>%Ln plan de versements prend fin.</numerusform>
            <numerusform>%Ln plans de versements prennent fin.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+40"/>
        <source>%Ln account(s)</source>
        <translation>
            <numerusform>%Ln compte</numerusform>
            <numerusform>%Ln comptes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln client(s)</source>
        <translation>
            <numerusform>%Ln client</numerusform>
            <numerusform>%Ln clients</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+25"/>
        <source>%Ln matter(s) open</source>
        <translation>
            <numerusform>%Ln dossier est ouvert</numerusform>
            <numerusform>%Ln dossiers sont ouverts</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+4"/>
        <source>%Ln pending</source>
        <translation>
            <numerusform>%Ln est en attente</numerusform>
            <numerusform>%Ln sont en attente</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+27"/>
        <source>%Ln entry(s)</source>
        <translation>
            <numerusform>%Ln entrée</numerusform>
            <numerusform>%Ln entrées</numerusform>
        </translation>
    </message>
    <message>
        <location line="-107"/>
        <source>: closing voids them. Wait until they settle before you close.</source>
        <translation> : la fermeture les annule. Attendez qu&apos;elles soient réglées avant de fermer.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The card processor %1 is disconnected.</source>
        <translation>Le processeur de cartes %1 est déconnecté.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(unnamed)</source>
        <translation>(sans nom)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>I accept what closing does to the online payments listed above</source>
        <translation>J&apos;accepte les effets de la fermeture sur les paiements en ligne ci-dessus</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The trust ledger and trust transactions are in your last verified export.</source>
        <translation>Le grand livre et les opérations en fidéicommis figurent dans votre dernière exportation vérifiée.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The trust ledger is NOT in a verified export yet: bar rules usually require keeping trust records for years.</source>
        <translation>Le grand livre en fidéicommis ne figure PAS encore dans une exportation vérifiée : les règles du Barreau exigent habituellement de conserver les registres en fidéicommis pendant des années.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I keep the trust records another way</source>
        <translation>Je conserve les registres en fidéicommis autrement</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>the trust balances</source>
        <translation>les soldes en fidéicommis</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trust balances: %1 in %2, for %3.</source>
        <translation>Soldes en fidéicommis : %1 dans %2, pour %3.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>the open matters</source>
        <translation>les dossiers ouverts</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No open or pending matters.</source>
        <translation>Aucun dossier ouvert ou en attente.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 and %2.</source>
        <translation>%1 et %2.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Their records stay reachable, read only, for 90 days after closing.</source>
        <translation>Leurs données restent accessibles, en lecture seule, pendant 90 jours après la fermeture.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I close with these matters still open</source>
        <translation>Je ferme avec ces dossiers encore ouverts</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>the unbilled time</source>
        <translation>le temps non facturé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Every time and expense entry is billed.</source>
        <translation>Toutes les entrées de temps et de dépenses sont facturées.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 not billed yet: %2 of time, %3 in all.</source>
        <translation>%1 pas encore facturées : %2 de temps, %3 au total.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> hours</source>
        <translation> heures</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Bill it before closing, or export it to bill elsewhere.</source>
        <translation>Facturez-les avant de fermer, ou exportez-les pour les facturer ailleurs.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I close with this time and these expenses not billed</source>
        <translation>Je ferme sans facturer ce temps et ces dépenses</translation>
    </message>
</context>
<context>
    <name>ClosingWizard</name>
    <message>
        <location filename="../../ui/closing/wizard.py" line="+93"/>
        <location line="+51"/>
        <source>Close the account</source>
        <translation>Fermer le compte</translation>
    </message>
    <message>
        <location line="-2"/>
        <source>&lt; &amp;Go back</source>
        <translation>&lt; &amp;Retour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Show the countdown</source>
        <translation>&amp;Afficher le décompte</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>the firm</source>
        <translation>le cabinet</translation>
    </message>
    <message>
        <location line="+78"/>
        <source>the Primary Subscriber</source>
        <translation>l&apos;Abonné principal</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Only the Primary Subscriber, %1, can close the account. Ask them, or call</source>
        <translation>Seul l&apos;Abonné principal, %1, peut fermer le compte. Demandez-le-lui, ou appelez</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>support on %1.</source>
        <translation>le soutien technique au %1.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Designated user: %1.</source>
        <translation>Utilisateur désigné : %1.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No one else is designated.</source>
        <translation>Personne d&apos;autre n&apos;est désigné.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The data can be exported until %1; then the practice data is deleted for good.</source>
        <translation>Les données peuvent être exportées jusqu&apos;au %1; ensuite, les données du cabinet sont supprimées définitivement.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Escrowed data is kept until %1.</source>
        <translation>Les données entiercées sont conservées jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Reason: %1.</source>
        <translation>Motif : %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>not given</source>
        <translation>non précisé</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>Closing the account… waiting for the server.</source>
        <translation>Fermeture du compte… en attente du serveur.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>The service closes this account with you. Next shows how.</source>
        <translation>Le service ferme ce compte avec vous. « Suivant » vous montre comment.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>The service did not close the account: %1</source>
        <translation>Le service n&apos;a pas fermé le compte : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The account was NOT closed: the request did not reach the service. Press “Close the account” to try again; it is never closed twice.</source>
        <translation>Le compte n&apos;a PAS été fermé : la demande n&apos;a pas atteint le service. Appuyez sur « Fermer le compte » pour réessayer; il n&apos;est jamais fermé deux fois.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>You signed in again. Press “Close the account” to close the account.</source>
        <translation>Vous vous êtes reconnecté. Appuyez sur « Fermer le compte » pour fermer le compte.</translation>
    </message>
    <message>
        <location line="-26"/>
        <source>Account Desk does not know yet whether the account was closed (%1). It has not been told so by the service. Try again when the connection is back: the account is never closed twice.</source>
        <translation>Account Desk ne sait pas encore si le compte a été fermé (%1). Le service ne l&apos;a pas confirmé. Réessayez quand la connexion sera rétablie : le compte n&apos;est jamais fermé deux fois.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>For your safety the service asks you to sign in again before closing. Your browser opens; everything you entered here is kept.</source>
        <translation>Pour votre sécurité, le service vous demande de vous reconnecter avant la fermeture. Votre navigateur s&apos;ouvre; tout ce que vous avez entré ici est conservé.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The sign-in did not complete (%1). The account was not closed.</source>
        <translation>La connexion n&apos;a pas abouti (%1). Le compte n&apos;a pas été fermé.</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>An earlier attempt to close did not reach the service: the account is still open. If you close now, that attempt is completed, never repeated.</source>
        <translation>Une tentative de fermeture antérieure n&apos;a pas atteint le service : le compte est toujours ouvert. Si vous fermez maintenant, cette tentative est menée à terme, jamais répétée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>An earlier attempt to close may or may not have reached the service. Account Desk will ask again before closing.</source>
        <translation>Une tentative de fermeture antérieure a peut-être atteint le service. Account Desk vérifiera de nouveau avant de fermer.</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Please wait for the service&apos;s answer before leaving.</source>
        <translation>Veuillez attendre la réponse du service avant de quitter.</translation>
    </message>
</context>
<context>
    <name>ClosingWords</name>
    <message>
        <location filename="../../ui/account/closing_words.py" line="+22"/>
        <source>%1 to %2</source>
        <translation>du %1 au %2</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Your plan charges %1 for the year %2.</source>
        <translation>Votre forfait coûte %1 pour l&apos;année %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your plan charges %1 for the period %2.</source>
        <translation>Votre forfait coûte %1 pour la période %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The firm paid %1 on %3 for the year %2.</source>
        <translation>Le cabinet a payé %1 le %3 pour l&apos;année %2.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The firm paid %1 on %3 for the period %2.</source>
        <translation>Le cabinet a payé %1 le %3 pour la période %2.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Closing today (%1) uses the period to its last day.</source>
        <translation>Une fermeture aujourd&apos;hui (%1) utilise la période jusqu&apos;à son dernier jour.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>If the account is closed today (%1), %2 of the year are unused (%3 whole months), worth about %4. No part of the year is refunded.</source>
        <translation>Si le compte est fermé aujourd&apos;hui (%1), %2 de l&apos;année restent inutilisés (%3 mois complets), soit environ %4. Aucune partie de l&apos;année n&apos;est remboursée.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>If the account is closed today (%1), %2 of that period are unused, worth about %3. None of it is refunded.</source>
        <translation>Si le compte est fermé aujourd&apos;hui (%1), %2 de cette période restent inutilisés, soit environ %3. Rien n&apos;en est remboursé.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Nothing more will be charged: the %1 due on %2 will not be taken.</source>
        <translation>Plus rien ne sera facturé : les %1 prévus le %2 ne seront pas prélevés.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Your yearly plan carried a discount of %1 for the year; it stays as it was.</source>
        <translation>Votre forfait annuel comportait un rabais de %1 pour l&apos;année; il reste acquis.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Note: the service states the current period as %1 to %2, which is not what Account Desk works out from the billing day. Ask support which is right.</source>
        <translation>Remarque : le service indique une période en cours du %1 au %2, ce qui ne correspond pas au calcul d&apos;Account Desk à partir du jour de facturation. Demandez au soutien technique laquelle est la bonne.</translation>
    </message>
    <message numerus="yes">
        <location line="+12"/>
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln jour</numerusform>
            <numerusform>%Ln jours</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ConfirmPage</name>
    <message>
        <location filename="../../ui/closing/confirm_step.py" line="+23"/>
        <source>Close the account</source>
        <translation>Fermer le compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Last step. Check what will happen, then confirm.</source>
        <translation>Dernière étape. Vérifiez ce qui va se passer, puis confirmez.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The firm&apos;s name, to confirm</source>
        <translation>Le nom du cabinet, pour confirmer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>I understand that after the days to reopen it, this cannot be undone</source>
        <translation>Je comprends qu&apos;une fois passés les jours pour le rouvrir, cela ne peut pas être annulé</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The service&apos;s support line</source>
        <translation>La ligne de soutien du service</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Type the firm&apos;s name to confirm: %1</source>
        <translation>Tapez le nom du cabinet pour confirmer : %1</translation>
    </message>
</context>
<context>
    <name>ConnectFirmDialog</name>
    <message>
        <location filename="../../ui/signin/connect_firm.py" line="+83"/>
        <source>Connect your firm&apos;s account</source>
        <translation>Connecter le compte de votre cabinet</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Clio connects programs such as Account Desk through a developer application that your firm registers itself. Do these steps once, signed in to Clio as an administrator of the account.</source>
        <translation>Clio relie des logiciels comme Account Desk au moyen d’une application de développeur que votre cabinet enregistre lui-même. Faites ces étapes une seule fois, connecté à Clio comme administrateur du compte.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>1. Open the developer applications page: this is where Clio lists your firm&apos;s applications. Create a new application for Account Desk there.</source>
        <translation>1. Ouvrez la page des applications de développeur : c’est là que Clio liste les applications de votre cabinet. Créez-y une nouvelle application pour Account Desk.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Developer applications page</source>
        <translation>Page des applications de développeur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Open the page</source>
        <translation>&amp;Ouvrir la page</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Opens the developer applications page in your browser</source>
        <translation>Ouvre la page des applications de développeur dans votre navigateur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>2. As the application&apos;s redirect URI, register exactly this address (it points to this computer; Account Desk listens there while you sign in):</source>
        <translation>2. Comme URI de redirection de l’application, enregistrez exactement cette adresse (elle mène à cet ordinateur; Account Desk y attend pendant que vous vous connectez) :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Redirect address</source>
        <translation>Adresse de redirection</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cop&amp;y</source>
        <translation>Cop&amp;ier</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy the redirect address</source>
        <translation>Copier l’adresse de redirection</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>3. Permissions: read-only access is enough to export your firm&apos;s data. Tick Read for each kind of data the page lists; Account Desk needs no write access. Save the application.</source>
        <translation>3. Autorisations : un accès en lecture seule suffit pour exporter les données de votre cabinet. Cochez Lecture (Read) pour chaque type de données que la page liste; Account Desk n’a besoin d’aucun accès en écriture. Enregistrez l’application.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>4. Copy the application&apos;s key and secret from that page:</source>
        <translation>4. Copiez la clé et le secret de l’application depuis cette page :</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Application key</source>
        <translation>Clé de l’application</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Application secret</source>
        <translation>Secret de l’application</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Application &amp;key:</source>
        <translation>&amp;Clé de l’application :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Application s&amp;ecret:</source>
        <translation>Sec&amp;ret de l’application :</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Account Desk keeps the secret in this computer&apos;s password store (keyring), never in a file.</source>
        <translation>Account Desk garde le secret dans le trousseau de mots de passe de cet ordinateur, jamais dans un fichier.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Test connection</source>
        <translation>&amp;Tester la connexion</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Checks the key, the secret and the redirect address with Clio, then signs in with your browser</source>
        <translation>Vérifie la clé, le secret et l’adresse de redirection auprès de Clio, puis vous connecte avec votre navigateur</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Testing the connection</source>
        <translation>Test de la connexion</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Connection problem</source>
        <translation>Problème de connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Save and continue</source>
        <translation>&amp;Enregistrer et continuer</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Every port Account Desk can use for the redirect address (53682 to 53686) is in use by other programs on this computer. Close them, or restart the computer, then test again.</source>
        <translation>Tous les ports qu’Account Desk peut utiliser pour l’adresse de redirection (53682 à 53686) sont occupés par d’autres logiciels sur cet ordinateur. Fermez-les ou redémarrez l’ordinateur, puis testez de nouveau.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Port %1 is in use by another program on this computer, so Account Desk uses port %2: register the address above, with %2, in place of the one with %1.</source>
        <translation>Le port %1 est occupé par un autre logiciel sur cet ordinateur; Account Desk utilise donc le port %2 : enregistrez l’adresse ci-dessus, avec %2, à la place de celle avec %1.</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Checking the key, the secret and the redirect address with Clio. Then your browser opens: sign in there and allow Account Desk access; this window continues by itself.</source>
        <translation>Vérification de la clé, du secret et de l’adresse de redirection auprès de Clio. Votre navigateur s’ouvrira ensuite : connectez-vous-y et autorisez l’accès à Account Desk; cette fenêtre continue d’elle-même.</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>The connection works. Save to use this application from now on.</source>
        <translation>La connexion fonctionne. Enregistrez pour utiliser cette application dorénavant.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The connection works: signed in as %1. Save to use this application from now on.</source>
        <translation>La connexion fonctionne : connecté en tant que %1. Enregistrez pour utiliser cette application dorénavant.</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Clio refused the application key or secret. Copy both again from the developer applications page, then test again.</source>
        <translation>Clio a refusé la clé ou le secret de l’application. Copiez-les de nouveau depuis la page des applications de développeur, puis testez de nouveau.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clio does not accept the redirect address %1 for this application. Add exactly this address to the application&apos;s redirect URIs, save the application there, then test again.</source>
        <translation>Clio n’accepte pas l’adresse de redirection %1 pour cette application. Ajoutez exactement cette adresse aux URI de redirection de l’application, enregistrez-la sur cette page, puis testez de nouveau.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Another program on this computer is using port %1 of the redirect address.</source>
        <translation>Un autre logiciel sur cet ordinateur utilise le port %1 de l’adresse de redirection.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Register the new address shown above with the application, then test again.</source>
        <translation>Enregistrez la nouvelle adresse affichée ci-dessus dans l’application, puis testez de nouveau.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The sign-in was cancelled in the browser, or this user may not sign in. Nothing was saved.</source>
        <translation>La connexion a été annulée dans le navigateur, ou cet utilisateur ne peut pas se connecter. Rien n’a été enregistré.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The test did not complete because of an unexpected problem.</source>
        <translation>Le test n’a pas pu se terminer à cause d’un problème inattendu.</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Test cancelled. Nothing was saved.</source>
        <translation>Test annulé. Rien n’a été enregistré.</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <location filename="../../ui/shell/crash.py" line="+83"/>
        <source>Account Desk ran into a problem</source>
        <translation>Account Desk a rencontré un problème</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account Desk ran into a problem it did not expect.</source>
        <translation>Account Desk a rencontré un problème imprévu.</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>If this keeps happening, copy the report below and send it to whoever supports Account Desk for you. It contains no passwords or sign-in tokens.</source>
        <translation>Si cela se reproduit, copiez le rapport ci-dessous et envoyez-le à la personne qui assure le soutien d&apos;Account Desk pour vous. Il ne contient aucun mot de passe ni jeton de connexion.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Problem report</source>
        <translation>Rapport de problème</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Copy report</source>
        <translation>&amp;Copier le rapport</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Copy report to the clipboard</source>
        <translation>Copier le rapport dans le presse-papiers</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open &amp;log folder</source>
        <translation>Ouvrir le dossier du &amp;journal</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
</context>
<context>
    <name>DataApiPanel</name>
    <message>
        <location filename="../../ui/account/data_panel.py" line="+47"/>
        <source>This service does not share the firm&apos;s plan and charges with Account Desk: they are on the service&apos;s own settings page, under Account and Payment Info, where the Primary Subscriber closes the account. Below, the facts the service&apos;s data API gives, and the billing facts you enter once.</source>
        <translation>Ce service ne communique pas le forfait ni les frais du cabinet à Account Desk : ils se trouvent sur la page des paramètres du service, sous Compte et paiements, où l&apos;abonné principal ferme le compte. Ci-dessous, les renseignements que donne l&apos;API de données du service, et les données de facturation que vous saisissez une seule fois.</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+2"/>
        <source>Open the service&apos;s settings page</source>
        <translation>Ouvrir la page de paramètres du service</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Signed in as</source>
        <translation>Connecté en tant que</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+70"/>
        <source>Firm</source>
        <translation>Cabinet</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>%1 (confirmed by you)</source>
        <translation>%1 (confirmé par vous)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not known</source>
        <translation>Inconnu</translation>
    </message>
</context>
<context>
    <name>DataFactsView</name>
    <message>
        <location filename="../../ui/account/data_view.py" line="+28"/>
        <source>People and who can close</source>
        <translation>Utilisateurs et droit de fermer le compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank accounts</source>
        <translation>Comptes bancaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online payments</source>
        <translation>Paiements en ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Still to bill or collect</source>
        <translation>Reste à facturer ou à percevoir</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Attorney</source>
        <translation>Avocat</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Non-attorney</source>
        <translation>Non-avocat</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No subscription type</source>
        <translation>Aucun type d&apos;abonnement</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Account owner (Primary Subscriber)</source>
        <translation>Propriétaire du compte (abonné principal)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Administrator</source>
        <translation>Administrateur</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User without an administrative role</source>
        <translation>Utilisateur sans rôle administratif</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1: %2</source>
        <translation>%1 : %2</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln enabled user(s)</source>
        <translation>
            <numerusform>%Ln utilisateur actif</numerusform>
            <numerusform>%Ln utilisateurs actifs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Primary Subscriber</source>
        <translation>Abonné principal</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (you)</source>
        <translation>%1 (vous)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No account owner is named</source>
        <translation>Aucun propriétaire du compte n&apos;est indiqué</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your role</source>
        <translation>Votre rôle</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yes: you are the account owner.</source>
        <translation>Oui : vous êtes le propriétaire du compte.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No: only the account owner, %1, can close it.</source>
        <translation>Non : seul le propriétaire du compte, %1, peut le fermer.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No: only the account owner can close it.</source>
        <translation>Non : seul le propriétaire du compte peut le fermer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Can you close the account?</source>
        <translation>Pouvez-vous fermer le compte?</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The bank accounts could not be loaded. %1</source>
        <translation>Les comptes bancaires n&apos;ont pas pu être chargés. %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Trust accounts</source>
        <translation>Comptes en fidéicommis</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No trust account.</source>
        <translation>Aucun compte en fidéicommis.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Operating accounts</source>
        <translation>Comptes d&apos;exploitation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No operating account.</source>
        <translation>Aucun compte d&apos;exploitation.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Closing does not move any money: it stays in the firm&apos;s bank accounts. But the trust records (ledger and transactions) go with the account, so export them and keep them: bar rules commonly require five years.</source>
        <translation>La fermeture ne déplace aucun argent : il reste dans les comptes bancaires du cabinet. Mais les registres en fidéicommis (grand livre et opérations) disparaissent avec le compte; exportez-les et conservez-les : les règles du barreau exigent souvent cinq ans.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>%1, takes online payments</source>
        <translation>%1, reçoit des paiements en ligne</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Pending online payments and payment links: not offered by this service&apos;s data API, so Account Desk cannot list them. Check them on the service&apos;s own Payments page before you close.</source>
        <translation>Paiements en ligne en attente et liens de paiement : l&apos;API de données de ce service ne les offre pas, Account Desk ne peut donc pas les énumérer. Vérifiez-les sur la page Paiements du service avant de fermer le compte.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>%1 pending (%2). Closing voids them and the money is not collected: wait until they settle before you close.</source>
        <translation>%1 en attente (%2). La fermeture les annule et l&apos;argent n&apos;est pas perçu : attendez qu&apos;ils soient réglés avant de fermer le compte.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln online payment(s)</source>
        <translation>
            <numerusform>%Ln paiement en ligne</numerusform>
            <numerusform>%Ln paiements en ligne</numerusform>
        </translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No online payment is pending.</source>
        <translation>Aucun paiement en ligne n&apos;est en attente.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1. Closing disables them: clients who open one can no longer pay.</source>
        <translation>%1. La fermeture les désactive : les clients qui en ouvrent un ne peuvent plus payer.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln active payment link(s)</source>
        <translation>
            <numerusform>%Ln lien de paiement actif</numerusform>
            <numerusform>%Ln liens de paiement actifs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No payment link is active.</source>
        <translation>Aucun lien de paiement n&apos;est actif.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Online payments go into: %1. Closing turns them off.</source>
        <translation>Les paiements en ligne sont versés dans : %1. La fermeture les désactive.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No bank account takes online payments.</source>
        <translation>Aucun compte bancaire ne reçoit de paiements en ligne.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Outstanding client balances: not offered by this service&apos;s data API.</source>
        <translation>Soldes impayés des clients : l&apos;API de données de ce service ne les offre pas.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 owe the firm %2 in all.</source>
        <translation>%1 doivent au cabinet %2 au total.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln client(s)</source>
        <translation>
            <numerusform>%Ln client</numerusform>
            <numerusform>%Ln clients</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No client owes the firm money.</source>
        <translation>Aucun client ne doit d&apos;argent au cabinet.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Unpaid bills: %1 awaiting payment (%2), %3 in draft (%4).</source>
        <translation>Factures impayées : %1 en attente de paiement (%2), %3 à l&apos;état de brouillon (%4).</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unbilled work: %1, %2 hours, worth %3.</source>
        <translation>Travail non facturé : %1, %2 heures, d&apos;une valeur de %3.</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln time or expense entr(y/ies)</source>
        <translation>
            <numerusform>%Ln entrée de temps ou de dépense</numerusform>
            <numerusform>%Ln entrées de temps ou de dépenses</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No unbilled work.</source>
        <translation>Aucun travail non facturé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Matters still open: %1 open, %2 pending.</source>
        <translation>Dossiers encore ouverts : %1 ouverts, %2 en attente.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Unpaid bills</source>
        <translation>Factures impayées</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unbilled work</source>
        <translation>Travail non facturé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open matters</source>
        <translation>Dossiers ouverts</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 could not be loaded. %2</source>
        <translation>%1 : chargement impossible. %2</translation>
    </message>
</context>
<context>
    <name>DestinationPage</name>
    <message>
        <location filename="../../ui/export/destination_step.py" line="+40"/>
        <source>Where to save the export</source>
        <translation>Où enregistrer l&apos;exportation</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Everything goes into one folder on this computer: records as spreadsheets (CSV) and JSON Lines, documents as files, and a page to browse it all offline. Nothing is changed on the server.</source>
        <translation>Tout va dans un seul dossier de cet ordinateur : les données en tableurs (CSV) et en JSON Lines, les documents en fichiers, et une page pour tout consulter hors ligne. Rien n&apos;est modifié sur le serveur.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Export folder</source>
        <translation>Dossier d&apos;exportation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Folder:</source>
        <translation>&amp;Dossier :</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Choose…</source>
        <translation>&amp;Choisir…</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+51"/>
        <source>Choose the export folder</source>
        <translation>Choisir le dossier d&apos;exportation</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>&amp;Resume this export</source>
        <translation>&amp;Reprendre cette exportation</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+107"/>
        <source>Use a &amp;new folder</source>
        <translation>Utiliser un &amp;nouveau dossier</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>The export continues in this folder: what is already there is kept and checked, only what is missing is fetched.</source>
        <translation>L&apos;exportation se poursuit dans ce dossier : ce qui s&apos;y trouve déjà est conservé et vérifié; seul ce qui manque est récupéré.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This folder holds an earlier export, complete and verified. Resume it to check it again and add anything new, or use a new folder.</source>
        <translation>Ce dossier contient une exportation antérieure, complète et vérifiée. Reprenez-la pour la vérifier de nouveau et ajouter les nouveautés, ou utilisez un nouveau dossier.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This folder holds an earlier export that is not complete. Resume it to fetch what is missing, or use a new folder.</source>
        <translation>Ce dossier contient une exportation antérieure incomplète. Reprenez-la pour récupérer ce qui manque, ou utilisez un nouveau dossier.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This folder holds an earlier export that was stopped before it finished. Resume it to continue where it stopped, or use a new folder.</source>
        <translation>Ce dossier contient une exportation antérieure arrêtée avant la fin. Reprenez-la là où elle s&apos;est arrêtée, ou utilisez un nouveau dossier.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>This folder already holds other files. Choose an empty folder, or make a new folder inside this one, so the firm&apos;s data is not mixed with them.</source>
        <translation>Ce dossier contient déjà d&apos;autres fichiers. Choisissez un dossier vide, ou créez-en un nouveau à l&apos;intérieur, afin que les données du cabinet ne s&apos;y mélangent pas.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>This is a file, not a folder. Choose a folder.</source>
        <translation>Ceci est un fichier, pas un dossier. Choisissez un dossier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This folder cannot be read. Choose another folder.</source>
        <translation>Ce dossier ne peut pas être lu. Choisissez un autre dossier.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter the full path of a folder, or press Choose.</source>
        <translation>Entrez le chemin complet d&apos;un dossier, ou appuyez sur Choisir.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Make a &amp;new folder inside it</source>
        <translation>Créer un &amp;nouveau dossier à l&apos;intérieur</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Free space on this drive: %1.</source>
        <translation>Espace libre sur ce disque : %1.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The whole export needs about %1.</source>
        <translation>L&apos;exportation complète nécessite environ %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Working out how much room the export needs…</source>
        <translation>Calcul de l&apos;espace nécessaire à l&apos;exportation…</translation>
    </message>
</context>
<context>
    <name>Documents</name>
    <message>
        <location filename="../../ui/common/app_names.py" line="+41"/>
        <source>Terms of Service</source>
        <translation>Conditions d&apos;utilisation</translation>
    </message>
</context>
<context>
    <name>DonePage</name>
    <message>
        <location filename="../../ui/closing/done_step.py" line="+33"/>
        <source>The account is closed</source>
        <translation>Le compte est fermé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What happened, and until when the data stays reachable.</source>
        <translation>Ce qui s&apos;est passé, et jusqu&apos;à quand les données restent accessibles.</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Account Desk has no confirmation of a closing.</source>
        <translation>Account Desk n&apos;a aucune confirmation de fermeture.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The service closed the account of %1 at %2.</source>
        <translation>Le service a fermé le compte de %1 le %2.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>You entered that the service closed the account of %1 on %2. The service has not confirmed it to Account Desk: the dates below are computed from the day you entered.</source>
        <translation>Vous avez indiqué que le service a fermé le compte de %1 le %2. Le service ne l’a pas confirmé à Account Desk : les dates ci-dessous sont calculées à partir du jour que vous avez saisi.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The practice data stays reachable, read only, until the end of %1 (UTC); it is deleted at %2.</source>
        <translation>Les données du cabinet restent accessibles, en lecture seule, jusqu&apos;à la fin du %1 (UTC); elles sont supprimées le %2.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Escrowed data is kept until the end of %1 (UTC).</source>
        <translation>Les données entiercées sont conservées jusqu&apos;à la fin du %1 (UTC).</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Designated user: %1.</source>
        <translation>Utilisateur désigné : %1.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Nothing more will be charged.</source>
        <translation>Plus rien ne sera facturé.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>These dates come from the server, which differs from Account Desk&apos;s own</source>
        <translation>Ces dates proviennent du serveur, qui diffère du propre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source> computation: </source>
        <translation> calcul d&apos;Account Desk : </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>“Show the countdown” opens the Data availability page. Export anything you still need before the data is deleted.</source>
        <translation>« Afficher le décompte » ouvre la page Disponibilité des données. Exportez tout ce dont vous avez encore besoin avant la suppression des données.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Who keeps access and your reason were not sent to the service: they are kept with the day you entered in %1.</source>
        <translation>La personne qui garde l’accès et votre raison n’ont pas été envoyées au service : elles sont conservées avec le jour que vous avez saisi dans %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The record of this closing could not be saved: %1</source>
        <translation>Le relevé de cette fermeture n’a pas pu être enregistré : %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The closing is scheduled</source>
        <translation>La fermeture est prévue</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The account of %1 closes at the end of the paid period.</source>
        <translation>Le compte de %1 se fermera à la fin de la période payée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Export anything you still need before the data is deleted.</source>
        <translation>Exportez tout ce dont vous avez encore besoin avant la suppression des données.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Finish</source>
        <translation>&amp;Terminer</translation>
    </message>
    <message>
        <location filename="../../ui/export/done_step.py" line="+23"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Keep a copy somewhere safe, for example on an encrypted external drive. Open index.html in a web browser to look through the records and documents, even without an internet connection.</source>
        <translation>Conservez une copie en lieu sûr, par exemple sur un disque externe chiffré. Ouvrez index.html dans un navigateur Web pour parcourir les données et les documents, même sans connexion Internet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Open the folder</source>
        <translation>&amp;Ouvrir le dossier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open &amp;index.html</source>
        <translation>Ouvrir &amp;index.html</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Browse the export in your web browser</source>
        <translation>Parcourir l&apos;exportation dans votre navigateur Web</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>The export is verified.</source>
        <translation>L&apos;exportation est vérifiée.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The export is not complete.</source>
        <translation>L&apos;exportation est incomplète.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The export is in:
%1</source>
        <translation>L&apos;exportation se trouve dans :
%1</translation>
    </message>
</context>
<context>
    <name>EnteredBillingView</name>
    <message>
        <location filename="../../ui/account/billing_view.py" line="+59"/>
        <location line="+57"/>
        <source>Firm&apos;s name</source>
        <translation>Nom du cabinet</translation>
    </message>
    <message>
        <location line="-56"/>
        <source>Billing facts (entered by you)</source>
        <translation>Données de facturation (saisies par vous)</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+280"/>
        <source>If you close today</source>
        <translation>Si vous fermez aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="-252"/>
        <source>%1 (confirmed by you on %2)</source>
        <translation>%1 (confirmé par vous le %2)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>The service&apos;s data API does not give the firm&apos;s name. Confirm it once; Account Desk remembers it for this account.</source>
        <translation>L&apos;API de données du service ne donne pas le nom du cabinet. Confirmez-le une fois; Account Desk le retient pour ce compte.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Its bank accounts are held in the name %1.</source>
        <translation>Ses comptes bancaires sont au nom de %1.</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>&amp;Confirm the name</source>
        <translation>&amp;Confirmer le nom</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Type the firm&apos;s name before you confirm it.</source>
        <translation>Tapez le nom du cabinet avant de le confirmer.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Plan</source>
        <translation>Forfait</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Price per user</source>
        <translation>Prix par utilisateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 per user per month</source>
        <translation>%1 par utilisateur par mois</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Users billed</source>
        <translation>Utilisateurs facturés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing cycle</source>
        <translation>Cycle de facturation</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Entered by you on %1, not stated by the service.</source>
        <translation>Saisi par vous le %1, et non indiqué par le service.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>&amp;Edit the billing facts</source>
        <translation>&amp;Modifier les données de facturation</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Yearly, on %1 %2</source>
        <translation>Annuel, le %2 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Monthly, on day %1 of each month</source>
        <translation>Mensuelle, le %1 de chaque mois</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>This service does not tell Account Desk the firm&apos;s plan or charges. Enter them once from the service&apos;s Account and Payment Info page or an invoice; they are kept on this computer for this account.</source>
        <translation>Ce service n&apos;indique pas à Account Desk le forfait ni les frais du cabinet. Saisissez-les une fois à partir de la page Compte et paiements du service ou d&apos;une facture; ils sont conservés sur cet ordinateur pour ce compte.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Monthly</source>
        <translation>Mensuel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yearly</source>
        <translation>Annuel</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Plan</source>
        <translation>&amp;Forfait</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;rice per user per month, as billed</source>
        <translation>P&amp;rix par utilisateur par mois, tel que facturé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Users billed</source>
        <translation>&amp;Utilisateurs facturés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing c&amp;ycle</source>
        <translation>C&amp;ycle de facturation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing &amp;day</source>
        <translation>&amp;Jour de facturation</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yearly plan renews in</source>
        <translation>Annuel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>C&amp;urrency</source>
        <translation>&amp;Devise</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>&amp;Save the billing facts</source>
        <translation>&amp;Enregistrer les données de facturation</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Plan: type the plan&apos;s name, as on the invoice.</source>
        <translation>Forfait : tapez le nom du forfait, tel qu&apos;il figure sur la facture.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan: the name is longer than 100 characters.</source>
        <translation>Forfait : le nom dépasse 100 caractères.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price per user: type an amount such as %1.</source>
        <translation>Prix par utilisateur : tapez un montant comme %1.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Price per user: the amount must be between 0 and 100,000.</source>
        <translation>Prix par utilisateur : le montant doit être compris entre 0 et 100 000.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Users billed: type a whole number.</source>
        <translation>Utilisateurs facturés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users billed: at least 1.</source>
        <translation>Utilisateurs facturés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing day: a day of the month, 1 to 31.</source>
        <translation>Jour de facturation : un jour du mois, de 1 à 31.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Yearly plan: choose the month it renews in.</source>
        <translation>Annuel</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Currency: the three-letter code, such as USD or CAD.</source>
        <translation>Devise : le code à trois lettres, comme USD ou CAD.</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>If the account is closed today</source>
        <translation>Si le compte est fermé aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Enter the billing facts above to see what closing today means.</source>
        <translation>Saisissez les données de facturation ci-dessus pour voir ce que signifie une fermeture aujourd&apos;hui.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>These figures come from the billing facts you entered, not from the service.</source>
        <translation>Ces montants proviennent des données de facturation que vous avez saisies, et non du service.</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/common/error_text.py" line="+22"/>
        <source>Sign in again to confirm it is you, then close the account.</source>
        <translation>Connectez-vous de nouveau pour confirmer votre identité, puis fermez le compte.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Account Desk could not find out whether the account was closed. Nothing will be closed twice: try again when the connection is back.</source>
        <translation>Account Desk n&apos;a pas pu savoir si le compte a été fermé. Rien ne sera fermé deux fois : réessayez lorsque la connexion sera rétablie.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The account was not closed: the server did not receive the request. You can try again; it will never be closed twice.</source>
        <translation>Le compte n&apos;a pas été fermé : le serveur n&apos;a pas reçu la demande. Vous pouvez réessayer; il ne sera jamais fermé deux fois.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Something went wrong.</source>
        <translation>Un problème est survenu.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The operation was cancelled.</source>
        <translation>L&apos;opération a été annulée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-in did not complete. Please try again.</source>
        <translation>La connexion n&apos;a pas abouti. Veuillez réessayer.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account Desk only talks to servers over a secure (https) connection. Check the server address.</source>
        <translation>Account Desk ne communique avec les serveurs que par une connexion sécurisée (https). Vérifiez l&apos;adresse du serveur.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account Desk could not reach the server. Check your internet connection and try again.</source>
        <translation>Account Desk n&apos;a pas pu joindre le serveur. Vérifiez votre connexion Internet et réessayez.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This computer seems to be offline. Check your internet connection.</source>
        <translation>Cet ordinateur semble hors ligne. Vérifiez votre connexion Internet.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server took too long to answer. Try again in a moment.</source>
        <translation>Le serveur a mis trop de temps à répondre. Réessayez dans un instant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server sent an answer Account Desk cannot read. Try again later; if it keeps happening, contact support.</source>
        <translation>Le serveur a envoyé une réponse qu&apos;Account Desk ne peut pas lire. Réessayez plus tard; si le problème persiste, communiquez avec le soutien technique.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The server refused the request.</source>
        <translation>Le serveur a refusé la demande.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your sign-in has expired. Please sign in again.</source>
        <translation>Votre session a expiré. Veuillez vous connecter de nouveau.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Your account is not allowed to do this.</source>
        <translation>Votre compte n&apos;est pas autorisé à faire ceci.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server could not find what Account Desk asked for.</source>
        <translation>Le serveur n&apos;a pas trouvé ce qu&apos;Account Desk a demandé.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>This data is no longer available on the server.</source>
        <translation>Ces données ne sont plus disponibles sur le serveur.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The request clashes with the account&apos;s current state.</source>
        <translation>La demande est incompatible avec l&apos;état actuel du compte.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server did not accept the request.</source>
        <translation>Le serveur n&apos;a pas accepté la demande.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The server is busy with too many requests. Try again in a minute.</source>
        <translation>Le serveur reçoit trop de demandes. Réessayez dans une minute.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The server had a problem. Try again in a few minutes.</source>
        <translation>Le serveur a eu un problème. Réessayez dans quelques minutes.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The export folder&apos;s disk is full. Free some space (or choose a larger disk), then run the export again on the same folder: it continues where it stopped.</source>
        <translation>Le disque du dossier d&apos;exportation est plein. Libérez de l&apos;espace (ou choisissez un disque plus grand), puis relancez l&apos;exportation sur le même dossier : elle reprend là où elle s&apos;est arrêtée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The export folder&apos;s disk could not write (a disk I/O error): it may be full or failing. Free some space (or choose another disk), then run the export again on the same folder: it continues where it stopped.</source>
        <translation>Le disque du dossier d&apos;exportation n&apos;a pas pu écrire (erreur d&apos;entrée-sortie) : il est peut-être plein ou défaillant. Libérez de l&apos;espace (ou choisissez un autre disque), puis relancez l&apos;exportation sur le même dossier : elle reprend là où elle s&apos;est arrêtée.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The export folder cannot be written any more (was the drive removed?). Reconnect it and run the export again on the same folder to continue.</source>
        <translation>Le dossier d&apos;exportation n&apos;est plus accessible en écriture (le disque a-t-il été retiré?). Rebranchez-le et relancez l&apos;exportation sur le même dossier pour continuer.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The export folder cannot be written to: it is read-only, or you are not allowed to change it. Choose a folder you can write to (or allow writing to this one), then run the export again.</source>
        <translation>Impossible d&apos;écrire dans le dossier d&apos;exportation : il est en lecture seule, ou vous n&apos;êtes pas autorisé à le modifier. Choisissez un dossier où vous pouvez écrire (ou autorisez l&apos;écriture dans celui-ci), puis relancez l&apos;exportation.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A file stands where the export needs a folder. Move it out of the export folder (or choose a new, empty folder), then run the export again.</source>
        <translation>Un fichier se trouve là où l&apos;exportation a besoin d&apos;un dossier. Déplacez-le hors du dossier d&apos;exportation (ou choisissez un nouveau dossier vide), puis relancez l&apos;exportation.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The export folder holds a link where the export writes; links are never followed. Remove it (or choose a new, empty folder), then run the export again.</source>
        <translation>Le dossier d&apos;exportation contient un lien là où l&apos;exportation écrit; les liens ne sont jamais suivis. Supprimez-le (ou choisissez un nouveau dossier vide), puis relancez l&apos;exportation.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This folder already holds other files. Choose an empty folder.</source>
        <translation>Ce dossier contient déjà d&apos;autres fichiers. Choisissez un dossier vide.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The export stopped unexpectedly. Everything exported so far is kept: start the export again on the same folder and it continues where it stopped.</source>
        <translation>L&apos;exportation s&apos;est arrêtée de façon inattendue. Tout ce qui a été exporté jusqu&apos;ici est conservé : relancez l&apos;exportation sur le même dossier et elle reprendra là où elle s&apos;est arrêtée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>This is not a valid server address.</source>
        <translation>Ce n&apos;est pas une adresse de serveur valide.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The connection broke off during the download.</source>
        <translation>La connexion a été interrompue pendant le téléchargement.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The connection broke off while the server was answering.</source>
        <translation>La connexion a été interrompue pendant que le serveur répondait.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The export was cancelled. Run it again on the same folder to resume.</source>
        <translation>L&apos;exportation a été annulée. Relancez-la sur le même dossier pour la reprendre.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Sign-in was cancelled.</source>
        <translation>La connexion a été annulée.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sign-in was cancelled or this user may not sign in.</source>
        <translation>La connexion a été annulée, ou cet utilisateur n&apos;est pas autorisé à se connecter.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The demo service did not sign in the demo user.</source>
        <translation>Le service de démonstration n&apos;a pas connecté l&apos;utilisateur de démonstration.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The export cannot write to {where}: it is read-only, or you are not allowed to change it. Choose a folder you can write to (or allow writing to this one), then run the export again.</source>
        <translation>L&apos;exportation ne peut pas écrire dans {where} : il est en lecture seule, ou vous n&apos;êtes pas autorisé à le modifier. Choisissez un dossier où vous pouvez écrire (ou autorisez l&apos;écriture dans celui-ci), puis relancez l&apos;exportation.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A file stands where the export needs a folder: {where}. Move that file out of the export folder (or choose a new, empty folder), then run the export again.</source>
        <translation>Un fichier se trouve là où l&apos;exportation a besoin d&apos;un dossier : {where}. Déplacez ce fichier hors du dossier d&apos;exportation (ou choisissez un nouveau dossier vide), puis relancez l&apos;exportation.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The export folder {folder} could not be written (a disk I/O error): its disk may be full or failing. Free some space (or choose another disk), then run the export again on the same folder: it continues where it stopped.</source>
        <translation>Le dossier d&apos;exportation {folder} n&apos;a pas pu être écrit (erreur d&apos;entrée-sortie) : son disque est peut-être plein ou défaillant. Libérez de l&apos;espace (ou choisissez un autre disque), puis relancez l&apos;exportation sur le même dossier : elle reprend là où elle s&apos;est arrêtée.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The export folder {folder} cannot be written to: it is read-only, or you are not allowed to change it. Choose a folder you can write to (or allow writing to this one), then run the export again.</source>
        <translation>Impossible d&apos;écrire dans le dossier d&apos;exportation {folder} : il est en lecture seule, ou vous n&apos;êtes pas autorisé à le modifier. Choisissez un dossier où vous pouvez écrire (ou autorisez l&apos;écriture dans celui-ci), puis relancez l&apos;exportation.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The export folder {folder} holds a link (or something else the export will not write through) where the export writes: {what}. The export never follows links. Remove it (or choose a new, empty folder), then run the export again.</source>
        <translation>Le dossier d&apos;exportation {folder} contient un lien (ou autre chose à travers quoi l&apos;exportation n&apos;écrit pas) là où l&apos;exportation écrit : {what}. L&apos;exportation ne suit jamais les liens. Supprimez-le (ou choisissez un nouveau dossier vide), puis relancez l&apos;exportation.</translation>
    </message>
</context>
<context>
    <name>ExportPage</name>
    <message>
        <location filename="../../ui/export/page.py" line="+105"/>
        <source>&amp;Export now…</source>
        <translation>&amp;Exporter maintenant…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export now</source>
        <translation>Exporter maintenant</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+128"/>
        <source>Export all of the firm&apos;s data to a folder</source>
        <translation>Exporter toutes les données du cabinet dans un dossier</translation>
    </message>
    <message>
        <location line="-126"/>
        <source>Data export</source>
        <translation>Exportation des données</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Take every record and document of the firm home: records as spreadsheets (CSV) and JSON Lines, documents as the original files, and a page to browse it all offline. Exporting only reads: nothing on the server changes. After the account is closed you can still export for 90 days.</source>
        <translation>Emportez toutes les données et tous les documents du cabinet : les données en tableurs (CSV) et en JSON Lines, les documents dans leurs fichiers d&apos;origine, et une page pour tout consulter hors ligne. L&apos;exportation ne fait que lire : rien ne change sur le serveur. Après la fermeture du compte, vous pouvez encore exporter pendant 90 jours.</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Last export</source>
        <translation>Dernière exportation</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>When:</source>
        <translation>Quand :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified:</source>
        <translation>Vérifiée :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Included:</source>
        <translation>Contenu :</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folder:</source>
        <translation>Dossier :</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>&amp;Open folder</source>
        <translation>&amp;Ouvrir le dossier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open folder</source>
        <translation>Ouvrir le dossier</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Verify again</source>
        <translation>&amp;Vérifier de nouveau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Verify again</source>
        <translation>Vérifier de nouveau</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Check every file of the export against its manifest (no network needed)</source>
        <translation>Vérifier chaque fichier de l&apos;exportation par rapport à son manifeste (sans réseau)</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Verifying the export</source>
        <translation>Vérification de l&apos;exportation</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What is missing or wrong</source>
        <translation>Ce qui manque ou est erroné</translation>
    </message>
    <message>
        <location line="+64"/>
        <source>Export is no longer possible: the account was closed and its practice data was deleted at %1 (after the last day of access, %2 UTC). It cannot be recovered.</source>
        <translation>L&apos;exportation n&apos;est plus possible : le compte a été fermé et ses données ont été supprimées le %1 (après le dernier jour d&apos;accès, le %2 UTC). Elles ne peuvent pas être récupérées.</translation>
    </message>
    <message>
        <location line="+95"/>
        <source>Yes: every file and record count checked</source>
        <translation>Oui : chaque fichier et chaque nombre d&apos;enregistrements vérifiés</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No: the export is not complete (%1)</source>
        <translation>Non : l&apos;exportation est incomplète (%1)</translation>
    </message>
    <message numerus="yes">
        <location line="+1"/>
        <source>%Ln problem(s)</source>
        <translation>
            <numerusform>%Ln problème</numerusform>
            <numerusform>%Ln problèmes</numerusform>
        </translation>
    </message>
    <message>
        <location line="+23"/>
        <source>Another Account Desk user of this computer, %1, made an export on %2 (%3): %4</source>
        <translation>Un autre utilisateur d&apos;Account Desk sur cet ordinateur, %1, a fait une exportation le %2 (%3) : %4</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>verified</source>
        <translation>vérifiée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not verified</source>
        <translation>non vérifiée</translation>
    </message>
    <message numerus="yes">
        <location line="+19"/>
        <source>%Ln document file(s)</source>
        <translation>
            <numerusform>%Ln fichier de document</numerusform>
            <numerusform>%Ln fichiers de documents</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+96"/>
        <source>Verified again: all %Ln file(s) match the manifest.</source>
        <translation>
            <numerusform>Vérifié de nouveau : %Ln fichier correspond au manifeste.</numerusform>
            <numerusform>Vérifié de nouveau : les %Ln fichiers correspondent au manifeste.</numerusform>
        </translation>
    </message>
    <message>
        <location line="-134"/>
        <source>This folder is not there any more (moved, deleted, or on a drive that is not connected).</source>
        <translation>Ce dossier n&apos;existe plus (déplacé, supprimé ou sur un disque non branché).</translation>
    </message>
    <message>
        <location line="-218"/>
        <source>You have not made an export on this computer yet.</source>
        <translation>Vous n&apos;avez encore fait aucune exportation sur cet ordinateur.</translation>
    </message>
    <message>
        <location line="+246"/>
        <source>All %1 kinds of records</source>
        <translation>Les %1 types de données</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 of %2 kinds of records; not included: %3</source>
        <translation>%1 types de données sur %2; non inclus : %3</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>the trust ledger</source>
        <translation>le grand livre en fidéicommis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>no trust ledger</source>
        <translation>sans grand livre en fidéicommis</translation>
    </message>
    <message>
        <location line="+67"/>
        <source>Verifying the export…</source>
        <translation>Vérification de l&apos;exportation…</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>The export is not complete. Export again into the same folder to fetch what is missing:</source>
        <translation>L&apos;exportation est incomplète. Exportez de nouveau dans le même dossier pour récupérer ce qui manque :</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>The export could not be verified: %1</source>
        <translation>L&apos;exportation n&apos;a pas pu être vérifiée : %1</translation>
    </message>
</context>
<context>
    <name>ExportWizard</name>
    <message>
        <location filename="../../ui/export/wizard.py" line="+112"/>
        <source>Export the firm&apos;s data</source>
        <translation>Exporter les données du cabinet</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Next</source>
        <translation>Suivant</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back</source>
        <translation>Retour</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finish</source>
        <translation>Terminer</translation>
    </message>
    <message>
        <location line="+66"/>
        <source>an unexpected error (%1)</source>
        <translation>une erreur imprévue (%1)</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Your sign-in has ended. Sign in again, then continue the export: it goes on where it stopped.</source>
        <translation>Votre session a pris fin. Reconnectez-vous, puis poursuivez l&apos;exportation : elle reprend là où elle s&apos;est arrêtée.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>What was exported so far is kept; try again to continue.</source>
        <translation>Ce qui a déjà été exporté est conservé; réessayez pour continuer.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The export stopped because of an unexpected error (%1). What was exported so far is kept; try again to continue. The log file has the details.</source>
        <translation>L&apos;exportation s&apos;est arrêtée à cause d&apos;une erreur imprévue (%1). Ce qui a déjà été exporté est conservé; réessayez pour continuer. Le fichier journal contient les détails.</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Stopping safely…</source>
        <translation>Arrêt en toute sécurité…</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>The trust ledger is included.</source>
        <translation>Le grand livre en fidéicommis est inclus.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The trust ledger is not included.</source>
        <translation>Le grand livre en fidéicommis n&apos;est pas inclus.</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Stop the export?</source>
        <translation>Arrêter l&apos;exportation?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The export is still running. Stop it and close this window?</source>
        <translation>L&apos;exportation est toujours en cours. L&apos;arrêter et fermer cette fenêtre?</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stop and close</source>
        <translation>Arrêter et fermer</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Everything exported so far is kept. Start the export again on the same folder and it continues where it stopped.</source>
        <translation>Tout ce qui a été exporté est conservé. Relancez l&apos;exportation dans le même dossier et elle reprendra là où elle s&apos;est arrêtée.</translation>
    </message>
</context>
<context>
    <name>HelpPage</name>
    <message>
        <location filename="../../ui/help/page.py" line="+129"/>
        <source>Help</source>
        <translation>Aide</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Help article: Closing your account</source>
        <translation>Article d&apos;aide : Fermer votre compte</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Was this article helpful?</source>
        <translation>Cet article vous a-t-il été utile?</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Yes</source>
        <translation>Oui</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Yes, this article was helpful</source>
        <translation>Oui, cet article m&apos;a été utile</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No</source>
        <translation>Non</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No, this article was not helpful</source>
        <translation>Non, cet article ne m&apos;a pas été utile</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>What was wrong with it?</source>
        <translation>Qu&apos;est-ce qui n&apos;allait pas?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>This information is confusing or wrong</source>
        <translation>Ces renseignements sont confus ou erronés</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This isn&apos;t the information that I was looking for</source>
        <translation>Ce n&apos;est pas l&apos;information que je cherchais</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>I don&apos;t like this functionality</source>
        <translation>Je n&apos;aime pas cette fonctionnalité</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+3"/>
        <source>Comment (optional)</source>
        <translation>Commentaire (facultatif)</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+2"/>
        <source>Send feedback</source>
        <translation>Envoyer la rétroaction</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Feedback status</source>
        <translation>État de la rétroaction</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>This server does not take feedback on help articles from Account Desk.</source>
        <translation>Ce serveur n&apos;accepte pas la rétroaction sur les articles d&apos;aide venant d&apos;Account Desk.</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>The comment is too long: at most %1 characters.</source>
        <translation>Le commentaire est trop long : %1 caractères au maximum.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 of %2 characters</source>
        <translation>%1 caractères sur %2</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>Sending your feedback…</source>
        <translation>Envoi de votre rétroaction…</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Thank you for your feedback.</source>
        <translation>Merci de votre rétroaction.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Thank you. Account Desk cannot reach the service just now, so your feedback is saved on this computer and will be sent when it can.</source>
        <translation>Merci. Account Desk ne peut pas joindre le service pour le moment; votre rétroaction est donc enregistrée sur cet ordinateur et sera envoyée dès que possible.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The service did not accept the feedback. %1</source>
        <translation>Le service n&apos;a pas accepté la rétroaction. %1</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Account Desk could not save your feedback. %1</source>
        <translation>Account Desk n&apos;a pas pu enregistrer votre rétroaction. %1</translation>
    </message>
</context>
<context>
    <name>IncludePage</name>
    <message>
        <location filename="../../ui/export/include_step.py" line="+40"/>
        <location line="+24"/>
        <source>What to include</source>
        <translation>Ce qu&apos;il faut inclure</translation>
    </message>
    <message>
        <location line="-21"/>
        <source>Everything is ticked: an export you may need years from now should be complete. Untick only what you are sure you will never need.</source>
        <translation>Tout est coché : une exportation dont vous pourriez avoir besoin dans des années doit être complète. Ne décochez que ce dont vous êtes certain de ne jamais avoir besoin.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;Start export</source>
        <translation>&amp;Lancer l&apos;exportation</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Counting the firm&apos;s records</source>
        <translation>Décompte des données du cabinet</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+66"/>
        <source>Counting the firm&apos;s records and documents…</source>
        <translation>Décompte des données et des documents du cabinet…</translation>
    </message>
    <message>
        <location line="-64"/>
        <source>&amp;Try again</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Press Space to tick or untick an item</source>
        <translation>Appuyez sur Espace pour cocher ou décocher un élément</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Item</source>
        <translation>Élément</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>How much</source>
        <translation>Quantité</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>The firm&apos;s records could not be counted: %1</source>
        <translation>Les données du cabinet n&apos;ont pas pu être dénombrées : %1</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>could not be counted: %1</source>
        <translation>impossible à compter : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>not offered by this server</source>
        <translation>non offert par ce serveur</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Document files (the documents themselves)</source>
        <translation>Fichiers de documents (les documents eux-mêmes)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust ledger and client ledger reports</source>
        <translation>Rapports du grand livre en fidéicommis et des comptes clients</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>CSV</source>
        <translation>CSV</translation>
    </message>
    <message>
        <location line="+63"/>
        <source>Chosen: %1</source>
        <translation>Sélection : %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> and %1</source>
        <translation> et %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Needs about %1</source>
        <translation>Nécessite environ %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>; %1 free on the drive.</source>
        <translation>; %1 libres sur le disque.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>There is not enough free space on the drive. Go back and choose a folder on a larger drive, or free some space.</source>
        <translation>Il n&apos;y a pas assez d&apos;espace libre sur le disque. Revenez en arrière et choisissez un dossier sur un disque plus grand, ou libérez de l&apos;espace.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Tick at least one item.</source>
        <translation>Cochez au moins un élément.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Trust records are usually required to be kept for years after a matter ends. Keep the trust line items, the bank accounts and their transactions, and the trust ledger in the export.</source>
        <translation>Les registres en fidéicommis doivent habituellement être conservés des années après la fin d&apos;un dossier. Gardez les opérations en fidéicommis, les comptes bancaires et leurs opérations, ainsi que le grand livre en fidéicommis dans l&apos;exportation.</translation>
    </message>
</context>
<context>
    <name>KindName</name>
    <message>
        <location filename="../../ui/common/kind_names.py" line="+13"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Practice areas</source>
        <translation>Domaines de pratique</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom fields</source>
        <translation>Champs personnalisés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Contacts</source>
        <translation>Contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matters</source>
        <translation>Dossiers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Folders</source>
        <translation>Répertoires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Documents</source>
        <translation>Documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Time and expense entries</source>
        <translation>Entrées de temps et de dépenses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bills</source>
        <translation>Factures</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calendar entries</source>
        <translation>Entrées de calendrier</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Tasks</source>
        <translation>Tâches</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes on matters</source>
        <translation>Notes sur les dossiers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Notes on contacts</source>
        <translation>Notes sur les contacts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Communications</source>
        <translation>Communications</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Trust line items</source>
        <translation>Écritures en fidéicommis</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank accounts</source>
        <translation>Comptes bancaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bank transactions</source>
        <translation>Opérations bancaires</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Bill line items</source>
        <translation>Lignes de facture</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment allocations</source>
        <translation>Affectations de paiements</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Credit memos</source>
        <translation>Notes de crédit</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relationships</source>
        <translation>Relations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversations</source>
        <translation>Conversations</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comments on documents</source>
        <translation>Commentaires sur les documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reminders</source>
        <translation>Rappels</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Matter stages</source>
        <translation>Étapes des dossiers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document categories</source>
        <translation>Catégories de documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task types</source>
        <translation>Types de tâches</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expense categories</source>
        <translation>Catégories de dépenses</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Activity descriptions</source>
        <translation>Descriptions d’activités</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Calendars</source>
        <translation>Calendriers</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Custom billing rates</source>
        <translation>Taux de facturation personnalisés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online payment links</source>
        <translation>Liens de paiement en ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online payments</source>
        <translation>Paiements en ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interest charges</source>
        <translation>Frais d’intérêts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Outstanding client balances</source>
        <translation>Soldes impayés des clients</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Custom field sets</source>
        <translation>Ensembles de champs personnalisés</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grants</source>
        <translation>Subventions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Grant funding sources</source>
        <translation>Sources de financement des subventions</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Groups of users</source>
        <translation>Groupes d’utilisateurs</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task template lists</source>
        <translation>Listes de modèles de tâches</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Task templates</source>
        <translation>Modèles de tâches</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Document templates</source>
        <translation>Modèles de documents</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Court-rule dockets</source>
        <translation>Échéanciers des règles de procédure</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damages</source>
        <translation>Dommages-intérêts</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Medical records requests</source>
        <translation>Demandes de dossiers médicaux</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Log entries</source>
        <translation>Entrées du journal d’accès</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Conversation messages</source>
        <translation>Messages des conversations</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../ui/shell/main_window.py" line="-7"/>
        <source>less than a minute old</source>
        <translation>il y a moins d&apos;une minute</translation>
    </message>
    <message>
        <location line="+35"/>
        <location line="+224"/>
        <source>Account Desk (demo)</source>
        <translation>Account Desk (démonstration)</translation>
    </message>
    <message>
        <location line="-224"/>
        <location line="+224"/>
        <source>Account Desk</source>
        <translation>Account Desk</translation>
    </message>
    <message>
        <location line="-201"/>
        <location line="+203"/>
        <source>Settings sections</source>
        <translation>Sections des paramètres</translation>
    </message>
    <message>
        <location line="-197"/>
        <location line="+198"/>
        <source>Page</source>
        <translation>Page</translation>
    </message>
    <message>
        <location line="-118"/>
        <source>Sign &amp;in…</source>
        <translation>Se &amp;connecter…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in with your browser</source>
        <translation>Se connecter avec votre navigateur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign &amp;out…</source>
        <translation>Se &amp;déconnecter…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign out and forget this computer&apos;s sign-in</source>
        <translation>Se déconnecter et oublier la connexion de cet ordinateur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message numerus="yes">
        <location line="+22"/>
        <source>Move the clock on %Ln day(s)</source>
        <translation>
            <numerusform>Avancer l&apos;horloge de %Ln jour</numerusform>
            <numerusform>Avancer l&apos;horloge de %Ln jours</numerusform>
        </translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;About Account Desk</source>
        <translation>À &amp;propos d&apos;Account Desk</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Account</source>
        <translation>&amp;Compte</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Go</source>
        <translation>&amp;Aller à</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Demo</source>
        <translation>&amp;Démonstration</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Language</source>
        <translation>&amp;Langue</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>&amp;System language</source>
        <translation>Langue du &amp;système</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>&amp;Help</source>
        <translation>Aid&amp;e</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account</source>
        <translation>Compte</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The language could not be remembered for the next start.</source>
        <translation>Le choix de langue n&apos;a pas pu être enregistré pour le prochain démarrage.</translation>
    </message>
    <message>
        <location line="+118"/>
        <source>Server: %1</source>
        <translation>Serveur : %1</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>No server chosen</source>
        <translation>Aucun serveur choisi</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Signed in as %1</source>
        <translation>Connecté en tant que %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not signed in</source>
        <translation>Non connecté</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Connecting…</source>
        <translation>Connexion…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online</source>
        <translation>En ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline</source>
        <translation>Hors ligne</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reconnecting…</source>
        <translation>Reconnexion…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Connection: %1</source>
        <translation>Connexion : %1</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>As of %1</source>
        <translation>En date du %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not refreshed yet</source>
        <translation>Pas encore actualisé</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Offline — showing data as of %1</source>
        <translation>Hors ligne — données en date du %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reconnecting — showing data as of %1</source>
        <translation>Reconnexion — données en date du %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Offline — Account Desk cannot reach the server.</source>
        <translation>Hors ligne — Account Desk ne peut pas joindre le serveur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Reconnecting to the server…</source>
        <translation>Reconnexion au serveur…</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Your system keyring is not available: you will have to sign in again next time.</source>
        <translation>Le trousseau de clés de votre système n&apos;est pas accessible : vous devrez vous reconnecter la prochaine fois.</translation>
    </message>
    <message>
        <location line="+13"/>
        <location line="+2"/>
        <source>Sign out</source>
        <translation>Se déconnecter</translation>
    </message>
    <message>
        <location line="-1"/>
        <source>Sign out of Account Desk?</source>
        <translation>Se déconnecter d&apos;Account Desk?</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This computer forgets your sign-in. You will sign in again with your browser next time.</source>
        <translation>Cet ordinateur oublie votre connexion. Vous vous reconnecterez avec votre navigateur la prochaine fois.</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>About Account Desk</source>
        <translation>À propos d&apos;Account Desk</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Account Desk lets a firm&apos;s administrator review the subscription, export all practice data, close the account safely and see how long the data stays available.</source>
        <translation>Account Desk permet à l&apos;administrateur d&apos;un cabinet de consulter l&apos;abonnement, d&apos;exporter toutes les données du cabinet, de fermer le compte en toute sécurité et de voir combien de temps les données restent accessibles.</translation>
    </message>
</context>
<context>
    <name>MeaningPage</name>
    <message>
        <location filename="../../ui/closing/meaning_step.py" line="-129"/>
        <source>What closing the account means</source>
        <translation>Ce que signifie la fermeture du compte</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Read this before you decide: it is about this firm, today.</source>
        <translation>Lisez ceci avant de décider : il s&apos;agit de ce cabinet, aujourd&apos;hui.</translation>
    </message>
    <message>
        <location line="+26"/>
        <source>Closing ends the subscription of %1. The Primary Subscriber can reopen the account for %2 days after it closes; after that it cannot be undone, and all of the firm&apos;s practice data is deleted when the data availability period ends.</source>
        <translation>La fermeture met fin à l&apos;abonnement de %1. L&apos;Abonné principal peut rouvrir le compte pendant %2 jours après la fermeture; ensuite, cela ne peut plus être annulé, et toutes les données de pratique du cabinet sont supprimées à la fin de la période de disponibilité des données.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>At the moment you close, every user of %1 loses access, and the firm&apos;s clients lose access to the client portal.</source>
        <translation>Au moment de la fermeture, tous les utilisateurs de %1 perdent l&apos;accès, et les clients du cabinet perdent l&apos;accès au portail client.</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Nothing more is charged after closing, and the current billing period is not refunded. (Account Desk could not read this firm&apos;s billing: %1)</source>
        <translation>Plus rien n&apos;est facturé après la fermeture, et la période de facturation en cours n&apos;est pas remboursée. (Account Desk n&apos;a pas pu lire la facturation de ce cabinet : %1)</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Nothing more is charged after closing, and the current billing period is not refunded.</source>
        <translation>Plus rien n&apos;est facturé après la fermeture, et la période de facturation en cours n&apos;est pas remboursée.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Reading this firm&apos;s billing…</source>
        <translation>Lecture de la facturation du cabinet…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>If you close today, the practice data stays reachable until %1. Then it is deleted for good.</source>
        <translation>Si vous fermez aujourd&apos;hui, les données du cabinet restent accessibles jusqu&apos;au %1. Ensuite, elles sont supprimées définitivement.</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The firm has a data-escrow arrangement: escrowed data is kept until %1.</source>
        <translation>Le cabinet a une entente d&apos;entiercement des données : les données entiercées sont conservées jusqu&apos;au %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The firm has no data-escrow arrangement.</source>
        <translation>Le cabinet n&apos;a pas d&apos;entente d&apos;entiercement des données.</translation>
    </message>
</context>
<context>
    <name>MilestoneNotifier</name>
    <message>
        <location filename="../../ui/closing/tray.py" line="+61"/>
        <source>Account Desk</source>
        <translation>Account Desk</translation>
    </message>
</context>
<context>
    <name>NoticeBanner</name>
    <message>
        <location filename="../../ui/common/widgets.py" line="+130"/>
        <source>Dismiss this notice</source>
        <translation>Masquer cet avis</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Notice</source>
        <translation>Avis</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Warning</source>
        <translation>Avertissement</translation>
    </message>
</context>
<context>
    <name>ProgressPage</name>
    <message>
        <location filename="../../ui/export/progress_step.py" line="+46"/>
        <location line="+241"/>
        <source>Exporting</source>
        <translation>Exportation</translation>
    </message>
    <message>
        <location line="-239"/>
        <source>You can pause, or stop and continue later: nothing that is done is lost.</source>
        <translation>Vous pouvez faire une pause, ou arrêter et continuer plus tard : rien de ce qui est fait n&apos;est perdu.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>&amp;Next</source>
        <translation>&amp;Suivant</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Overall progress</source>
        <translation>Progression globale</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Progress of each kind of data</source>
        <translation>Progression de chaque type de données</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Item</source>
        <translation>Élément</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>State</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+218"/>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
    <message>
        <location line="-205"/>
        <location line="+85"/>
        <location line="+112"/>
        <location line="+46"/>
        <source>&amp;Pause</source>
        <translation>&amp;Pause</translation>
    </message>
    <message>
        <location line="-241"/>
        <source>S&amp;top</source>
        <translation>A&amp;rrêter</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stop the export. It continues where it stopped when you start it again.</source>
        <translation>Arrêter l&apos;exportation. Elle reprendra là où elle s&apos;est arrêtée quand vous la relancerez.</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+256"/>
        <source>&amp;Continue export</source>
        <translation>&amp;Poursuivre l&apos;exportation</translation>
    </message>
    <message>
        <location line="-208"/>
        <source>Document files</source>
        <translation>Fichiers de documents</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Document records</source>
        <translation>Fiches des documents</translation>
    </message>
    <message>
        <location line="+4"/>
        <location line="+139"/>
        <source>Waiting</source>
        <translation>En attente</translation>
    </message>
    <message>
        <location line="-125"/>
        <source>%1 of %2</source>
        <translation>%1 sur %2</translation>
    </message>
    <message>
        <location line="+8"/>
        <location line="+112"/>
        <source>Pause</source>
        <translation>Pause</translation>
    </message>
    <message>
        <location line="-110"/>
        <source>Starting…</source>
        <translation>Démarrage…</translation>
    </message>
    <message>
        <location line="+109"/>
        <source>&amp;Resume</source>
        <translation>&amp;Reprendre</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resume</source>
        <translation>Reprendre</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Counting…</source>
        <translation>Décompte…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Exporting…</source>
        <translation>Exportation…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused</source>
        <translation>En pause</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verifying the export…</source>
        <translation>Vérification de l&apos;exportation…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Verified</source>
        <translation>Vérifiée</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Finished, but not complete</source>
        <translation>Terminée, mais incomplète</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+36"/>
        <source>Stopped</source>
        <translation>Arrêtée</translation>
    </message>
    <message>
        <location line="-48"/>
        <source>Failed</source>
        <translation>Échec</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Downloading</source>
        <translation>Téléchargement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stopping safely…</source>
        <translation>Arrêt en toute sécurité…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 percent done</source>
        <translation>%1 pour cent terminé</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2 records</source>
        <translation>%1 enregistrements sur %2</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 of %2 documents (%3 of %4)</source>
        <translation>%1 documents sur %2 (%3 sur %4)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 records a second</source>
        <translation>%1 enregistrements par seconde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 a second</source>
        <translation>%1 par seconde</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paused: press Resume to go on.</source>
        <translation>En pause : appuyez sur Reprendre pour continuer.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>The export stopped</source>
        <translation>L&apos;exportation s&apos;est arrêtée</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&amp;Try again</source>
        <translation>&amp;Réessayer</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again</source>
        <translation>Réessayer</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>The export was stopped. Everything exported so far is kept in %1; start the export again on the same folder and it continues where it stopped.</source>
        <translation>L&apos;exportation a été arrêtée. Tout ce qui a été exporté est conservé dans %1; relancez l&apos;exportation dans le même dossier et elle reprendra là où elle s&apos;est arrêtée.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Continue export</source>
        <translation>Poursuivre l&apos;exportation</translation>
    </message>
</context>
<context>
    <name>ReasonPage</name>
    <message>
        <location filename="../../ui/closing/reason_step.py" line="+25"/>
        <source>Why are you leaving? (optional)</source>
        <translation>Pourquoi partez-vous? (facultatif)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Your answer helps to improve the product. You may skip it.</source>
        <translation>Votre réponse aide à améliorer le produit. Vous pouvez passer cette étape.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>I&apos;d rather not say</source>
        <translation>Je préfère ne pas répondre</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Comment</source>
        <translation>Commentaire</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Anything you would like to tell us (optional)</source>
        <translation>Ce que vous aimeriez nous dire (facultatif)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Comment:</source>
        <translation>Commentaire :</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>You may skip it. Account Desk cannot send it to this service: it is kept on this computer, in the record of the closing.</source>
        <translation>Vous pouvez passer cette étape. Account Desk ne peut pas l’envoyer à ce service : elle est conservée sur cet ordinateur, dans le relevé de la fermeture.</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>This reason takes no comment.</source>
        <translation>Ce motif ne prend pas de commentaire.</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 of %2 characters</source>
        <translation>%1 caractères sur %2</translation>
    </message>
</context>
<context>
    <name>Reasons</name>
    <message>
        <location filename="../../ui/common/app_names.py" line="-26"/>
        <source>It is too expensive</source>
        <translation>C&apos;est trop cher</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It is missing features we need</source>
        <translation>Il manque des fonctions dont nous avons besoin</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We are switching to another service</source>
        <translation>Nous passons à un autre service</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>We are not using it</source>
        <translation>Nous ne l&apos;utilisons pas</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>We were unhappy with customer service</source>
        <translation>Nous étions insatisfaits du service à la clientèle</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>It is too complicated to use</source>
        <translation>C&apos;est trop compliqué à utiliser</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>It does not work well enough</source>
        <translation>Ça ne fonctionne pas assez bien</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Another reason</source>
        <translation>Une autre raison</translation>
    </message>
</context>
<context>
    <name>RefusedPage</name>
    <message>
        <location filename="../../ui/shell/server_answer.py" line="+60"/>
        <source>No export of the firm&apos;s data was made on this computer.</source>
        <translation>Aucune exportation des données du cabinet n’a été faite sur cet ordinateur.</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>verified</source>
        <translation>vérifiée</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>not verified</source>
        <translation>non vérifiée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The last export made on this computer: %1 (%2), in %3.</source>
        <translation>La dernière exportation faite sur cet ordinateur : %1 (%2), dans %3.</translation>
    </message>
</context>
<context>
    <name>SelfServiceView</name>
    <message>
        <location filename="../../ui/account/selfservice_view.py" line="+36"/>
        <source>Subscription</source>
        <translation>Abonnement</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+130"/>
        <source>If you close today</source>
        <translation>Si vous fermez aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="-129"/>
        <location line="+86"/>
        <source>Online payments</source>
        <translation>Paiements en ligne</translation>
    </message>
    <message>
        <location line="-85"/>
        <source>Trust accounts</source>
        <translation>Comptes en fidéicommis</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>Firm</source>
        <translation>Cabinet</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan</source>
        <translation>Forfait</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Users</source>
        <translation>Utilisateurs</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>%1 per user per month, billed yearly (%2 less the yearly discount)</source>
        <translation>%1 par utilisateur par mois, facturé annuellement (%2 moins le rabais annuel)</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Yearly, on day %1 of the anniversary month</source>
        <translation>Annuelle, le %1 du mois anniversaire</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 per user per month</source>
        <translation>%1 par utilisateur par mois</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Monthly, on day %1 of each month</source>
        <translation>Mensuelle, le %1 de chaque mois</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price per user</source>
        <translation>Prix par utilisateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Billing cycle</source>
        <translation>Cycle de facturation</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Yearly discount</source>
        <translation>Rabais annuel</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 per user per month against monthly billing: %2 a year for %3</source>
        <translation>%1 par utilisateur par mois par rapport à la facturation mensuelle : %2 par année pour %3</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Current period</source>
        <translation>Période en cours</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 to %2</source>
        <translation>du %1 au %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Last charge</source>
        <translation>Dernier prélèvement</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+16"/>
        <source>None on record</source>
        <translation>Aucun au dossier</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Next charge</source>
        <translation>Prochain prélèvement</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None scheduled</source>
        <translation>Aucun de prévu</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>On</source>
        <translation>Activé</translation>
    </message>
    <message>
        <location line="+0"/>
        <location line="+54"/>
        <source>Off</source>
        <translation>Désactivé</translation>
    </message>
    <message>
        <location line="-51"/>
        <source>Data escrow</source>
        <translation>Entiercement des données</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 (you)</source>
        <translation>%1 (vous)</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 (%2)</source>
        <translation>%1 (%2)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Primary Subscriber</source>
        <translation>Abonné principal</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Status</source>
        <translation>État</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed on %1</source>
        <translation>Fermé le %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 on %2</source>
        <translation>%1 le %2</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Billing after closing</source>
        <translation>Facturation après la fermeture</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The account is closed. Nothing more is charged, and nothing is refunded.</source>
        <translation>Le compte est fermé. Plus rien n&apos;est facturé, et rien n&apos;est remboursé.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>If the account is closed today</source>
        <translation>Si le compte est fermé aujourd&apos;hui</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>On: escrowed data stays available for six months after closing</source>
        <translation>Activé : les données entiercées restent disponibles six mois après la fermeture</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Ended on %1: escrowed data is no longer kept</source>
        <translation>Terminé le %1 : les données entiercées ne sont plus conservées</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Kept until the end of %1 (UTC)</source>
        <translation>Conservées jusqu&apos;à la fin du %1 (UTC)</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Online payments could not be loaded. %1</source>
        <translation>Les paiements en ligne n&apos;ont pas pu être chargés. %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Online payments ended with the closing: payment links, payment plans and the card processor are off.</source>
        <translation>Les paiements en ligne ont pris fin avec la fermeture : les liens de paiement, les plans de paiement et le processeur de cartes sont désactivés.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Online payments are off for this firm. Closing changes nothing here.</source>
        <translation>Les paiements en ligne sont désactivés pour ce cabinet. La fermeture n&apos;y change rien.</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 pending, %2 in all. Closing voids them and the money is not collected: wait until they settle before you close.</source>
        <translation>%1 en attente, %2 au total. La fermeture les annule et l&apos;argent n&apos;est pas perçu : attendez qu&apos;elles soient réglées avant de fermer.</translation>
    </message>
    <message numerus="yes">
        <location line="+5"/>
        <source>%Ln card authorisation(s)</source>
        <translation>
            <numerusform>%Ln autorisation de carte</numerusform>
            <numerusform>%Ln autorisations de carte</numerusform>
        </translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No card authorisations are pending.</source>
        <translation>Aucune autorisation de carte n&apos;est en attente.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1. Closing disables them: clients who open one can no longer pay.</source>
        <translation>%1. La fermeture les désactive : les clients qui en ouvrent un ne peuvent plus payer.</translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln active payment link(s)</source>
        <translation>
            <numerusform>%Ln lien de paiement actif</numerusform>
            <numerusform>%Ln liens de paiement actifs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No payment links are active.</source>
        <translation>Aucun lien de paiement n&apos;est actif.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1. Closing stops them: no further instalments are collected.</source>
        <translation>%1. La fermeture les interrompt : aucun autre versement n&apos;est perçu.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln active payment plan(s)</source>
        <translation>
            <numerusform>%Ln plan de versements actif</numerusform>
            <numerusform>%Ln plans de versements actifs</numerusform>
        </translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No payment plans are active.</source>
        <translation>Aucun plan de versements n&apos;est actif.</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Card processor: %1 is connected. Closing disconnects it.</source>
        <translation>Processeur de cartes : %1 est connecté. La fermeture le déconnecte.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a processor</source>
        <translation>un processeur</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No card processor is connected.</source>
        <translation>Aucun processeur de cartes n&apos;est connecté.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Trust accounts could not be loaded. %1</source>
        <translation>Les comptes en fidéicommis n&apos;ont pas pu être chargés. %1</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Total</source>
        <translation>Total</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>The firm has no trust accounts.</source>
        <translation>Le cabinet n&apos;a aucun compte en fidéicommis.</translation>
    </message>
    <message numerus="yes">
        <location line="+2"/>
        <source>%Ln client(s) with money in trust.</source>
        <translation>
            <numerusform>%Ln client a de l&apos;argent en fidéicommis.</numerusform>
            <numerusform>%Ln clients ont de l&apos;argent en fidéicommis.</numerusform>
        </translation>
    </message>
    <message>
        <location line="+2"/>
        <source>No client has money in trust.</source>
        <translation>Aucun client n&apos;a d&apos;argent en fidéicommis.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The total the service states (%1) is not the sum of the accounts. Check the balances with your bank before you close.</source>
        <translation>Le total indiqué par le service (%1) n&apos;est pas la somme des comptes. Vérifiez les soldes auprès de votre banque avant de fermer.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Closing does not move any money: it stays in the firm&apos;s trust bank accounts. But the trust records (ledger and transactions) go with the account, so export them and keep them: bar rules commonly require five years. The data export includes them.</source>
        <translation>La fermeture ne déplace aucun argent : il reste dans les comptes bancaires en fidéicommis du cabinet. Mais les registres en fidéicommis (grand livre et opérations) disparaissent avec le compte; exportez-les et conservez-les : les règles du Barreau exigent souvent cinq ans. L&apos;exportation des données les comprend.</translation>
    </message>
    <message numerus="yes">
        <location line="+15"/>
        <source>%Ln day(s)</source>
        <translation>
            <numerusform>%Ln jour</numerusform>
            <numerusform>%Ln jours</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <location line="+3"/>
        <source>%Ln user(s)</source>
        <translation>
            <numerusform>%Ln utilisateur</numerusform>
            <numerusform>%Ln utilisateurs</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>Servers</name>
    <message>
        <location filename="../../ui/signin/dialog.py" line="-31"/>
        <source>Clio (United States)</source>
        <translation>Clio (États-Unis)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clio (Canada)</source>
        <translation>Clio (Canada)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clio (Europe)</source>
        <translation>Clio (Europe)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clio (Australia)</source>
        <translation>Clio (Australie)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reference backend on this computer</source>
        <translation>Serveur de référence sur cet ordinateur</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the server&apos;s address, for example app.clio.com.</source>
        <translation>Entrez l&apos;adresse du serveur, par exemple app.clio.com.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>This is not a valid server address.</source>
        <translation>Ce n&apos;est pas une adresse de serveur valide.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Account Desk only connects over a secure (https) connection. Use an address starting with https://.</source>
        <translation>Account Desk se connecte uniquement par une connexion sécurisée (https). Utilisez une adresse commençant par https://.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Leave out any user name or password from the address.</source>
        <translation>Retirez de l&apos;adresse tout nom d&apos;utilisateur ou mot de passe.</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter only the server&apos;s address, without a path after it.</source>
        <translation>Entrez seulement l&apos;adresse du serveur, sans chemin après.</translation>
    </message>
    <message>
        <location filename="../../ui/shell/application.py" line="-166"/>
        <source>Demo service on this computer</source>
        <translation>Service de démonstration sur cet ordinateur</translation>
    </message>
</context>
<context>
    <name>SignInAgain</name>
    <message>
        <location filename="../../ui/shell/sign_in_again.py" line="+76"/>
        <source>Your sign-in has ended: the service no longer accepts it. Sign in again to continue; every page keeps what it shows.</source>
        <translation>Votre connexion a pris fin : le service ne l’accepte plus. Reconnectez-vous pour continuer; chaque page garde ce qu’elle affiche.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign &amp;in again</source>
        <translation>Se &amp;reconnecter</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Your browser has opened. Sign in there as before; this window continues by itself.</source>
        <translation>Votre navigateur s’est ouvert. Connectez-vous-y comme avant; cette fenêtre continue d’elle-même.</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Signing in again did not work: %1 Try again.</source>
        <translation>La reconnexion n’a pas fonctionné : %1 Réessayez.</translation>
    </message>
</context>
<context>
    <name>SignInDialog</name>
    <message>
        <location filename="../../ui/signin/dialog.py" line="+58"/>
        <source>Sign in</source>
        <translation>Connexion</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Choose where your firm&apos;s account is, then sign in with your browser. Account Desk never sees your password.</source>
        <translation>Choisissez où se trouve le compte de votre cabinet, puis connectez-vous avec votre navigateur. Account Desk ne voit jamais votre mot de passe.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Server</source>
        <translation>Serveur</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Custom server address</source>
        <translation>Adresse de serveur personnalisée</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Address:</source>
        <translation>&amp;Adresse :</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>&amp;Server:</source>
        <translation>&amp;Serveur :</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Co&amp;nnect your firm&apos;s account…</source>
        <translation>Connecter le compte de votre ca&amp;binet…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set up the developer application your firm registers with Clio</source>
        <translation>Configurer l’application de développeur que votre cabinet enregistre auprès de Clio</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Waiting for the browser</source>
        <translation>En attente du navigateur</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Account Desk could not open your browser. Open this address in your browser to sign in; this window continues by itself:</source>
        <translation>Account Desk n’a pas pu ouvrir votre navigateur. Ouvrez cette adresse dans votre navigateur pour vous connecter; cette fenêtre continue d’elle-même :</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Sign-in address</source>
        <translation>Adresse de connexion</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+239"/>
        <source>&amp;Copy address</source>
        <translation>&amp;Copier l’adresse</translation>
    </message>
    <message>
        <location line="-236"/>
        <source>Copy the sign-in address</source>
        <translation>Copier l’adresse de connexion</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Copy the sign-in &amp;address</source>
        <translation>Copier l&apos;&amp;adresse de connexion</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>If no browser page appeared, copy the address and open it yourself</source>
        <translation>Si aucune page ne s&apos;est ouverte dans le navigateur, copiez l&apos;adresse et ouvrez-la vous-même</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Sign-in problem</source>
        <translation>Problème de connexion</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Sign in with your &amp;browser</source>
        <translation>Se connecter avec votre &amp;navigateur</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cancel</source>
        <translation>Annuler</translation>
    </message>
    <message>
        <location line="+97"/>
        <source>Signs in with your firm&apos;s developer application %1.</source>
        <translation>La connexion utilise l’application de développeur %1 de votre cabinet.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Clio needs your firm&apos;s own developer application: connect your firm&apos;s account first (once).</source>
        <translation>Clio exige l’application de développeur de votre cabinet : connectez d’abord le compte de votre cabinet (une seule fois).</translation>
    </message>
    <message>
        <location line="+94"/>
        <source>Sign-in did not complete because of an unexpected problem.</source>
        <translation>La connexion n&apos;a pas abouti à cause d&apos;un problème imprévu.</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The sign-in address is copied. If no browser page appeared, open it in your browser; this window continues by itself:</source>
        <translation>L&apos;adresse de connexion est copiée. Si aucune page ne s&apos;est ouverte, ouvrez-la dans votre navigateur; cette fenêtre continue d&apos;elle-même :</translation>
    </message>
    <message>
        <location line="-3"/>
        <location line="+15"/>
        <source>Copied</source>
        <translation>Copié</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Sign-in cancelled. You can try again.</source>
        <translation>Connexion annulée. Vous pouvez réessayer.</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Your browser has opened. Sign in there and allow Account Desk access; this window continues by itself.</source>
        <translation>Votre navigateur s&apos;est ouvert. Connectez-vous-y et autorisez l&apos;accès à Account Desk; cette fenêtre poursuit d&apos;elle-même.</translation>
    </message>
</context>
<context>
    <name>Sizes</name>
    <message>
        <location filename="../../ui/common/formats.py" line="-77"/>
        <source>kB</source>
        <translation>ko</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MB</source>
        <translation>Mo</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>GB</source>
        <translation>Go</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>TB</source>
        <translation>To</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PB</source>
        <translation>Po</translation>
    </message>
</context>
<context>
    <name>SupportPanel</name>
    <message>
        <location filename="../../ui/common/support_panel.py" line="+75"/>
        <source>Support line</source>
        <translation>Soutien technique</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Call support to close the account</source>
        <translation>Appeler le soutien technique pour fermer le compte</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>Call</source>
        <translation>Appeler</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Copy number</source>
        <translation>Copier le numéro</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Support line status</source>
        <translation>État du soutien technique</translation>
    </message>
    <message>
        <location line="+36"/>
        <source>Loading the support line…</source>
        <translation>Chargement du numéro du soutien technique…</translation>
    </message>
    <message>
        <location line="-113"/>
        <source>%1, option %2</source>
        <translation>%1, option %2</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Asked this computer&apos;s phone app to call %1. If no call starts, dial the number by hand.</source>
        <translation>L&apos;application de téléphone de cet ordinateur a été invitée à appeler le %1. Si aucun appel ne commence, composez le numéro à la main.</translation>
    </message>
    <message>
        <location line="+56"/>
        <source>Open the service&apos;s &amp;page</source>
        <translation>Ouvrir la &amp;page du service</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Open the service&apos;s support page in the browser</source>
        <translation>Ouvrir la page de soutien du service dans le navigateur</translation>
    </message>
    <message>
        <location line="+51"/>
        <source>Support phone: %1</source>
        <translation>Téléphone du soutien technique : %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open %1.</source>
        <translation>Heures d&apos;ouverture : %1.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open the service&apos;s page %1</source>
        <translation>Ouvrir la page du service %1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Call support at %1</source>
        <translation>Appeler le soutien technique au %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Dial the number with this computer&apos;s phone app</source>
        <translation>Composer le numéro avec l&apos;application téléphonique de cet ordinateur</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Copy the support number %1</source>
        <translation>Copier le numéro du soutien technique %1</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Opened %1 in the browser.</source>
        <translation>%1 a été ouvert dans le navigateur.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No web browser opened. The service&apos;s page is: %1</source>
        <translation>Aucun navigateur ne s&apos;est ouvert. La page du service est : %1</translation>
    </message>
    <message>
        <location line="-145"/>
        <source>No app on this computer makes phone calls. The number %1 is copied: paste it into your phone, or dial it by hand.</source>
        <translation>Aucune application de cet ordinateur ne fait d&apos;appels. Le numéro %1 est copié : collez-le dans votre téléphone ou composez-le à la main.</translation>
    </message>
    <message>
        <location line="+133"/>
        <source>Copied %1 to the clipboard.</source>
        <translation>%1 copié dans le presse-papiers.</translation>
    </message>
</context>
<context>
    <name>VerificationPage</name>
    <message>
        <location filename="../../ui/export/verification_step.py" line="+10"/>
        <source>Verification</source>
        <translation>Vérification</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>What is missing or wrong:</source>
        <translation>Ce qui manque ou est erroné :</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>What is missing or wrong</source>
        <translation>Ce qui manque ou est erroné</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Fetch what is missing</source>
        <translation>&amp;Récupérer ce qui manque</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>✓ The export is complete and verified.</source>
        <translation>✓ L&apos;exportation est complète et vérifiée.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Every file&apos;s size and SHA-256 checksum match the manifest, and every kind of record has as many records as the server reported.</source>
        <translation>La taille et la somme de contrôle SHA-256 de chaque fichier correspondent au manifeste, et chaque type de données compte autant d&apos;enregistrements que l&apos;a indiqué le serveur.</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>✗ The export is not complete.</source>
        <translation>✗ L&apos;exportation est incomplète.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Some items could not be exported or checked. They are listed below and in export-report.json in the folder. Fetch them again now, or later by exporting again into the same folder.</source>
        <translation>Certains éléments n&apos;ont pas pu être exportés ou vérifiés. Ils sont énumérés ci-dessous et dans export-report.json dans le dossier. Récupérez-les maintenant, ou plus tard en exportant de nouveau dans le même dossier.</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The export did not finish.</source>
        <translation>L&apos;exportation ne s&apos;est pas terminée.</translation>
    </message>
</context>
<context>
    <name>WhenPage</name>
    <message>
        <location filename="../../ui/closing/when_step.py" line="+35"/>
        <source>When should the account close?</source>
        <translation>Quand le compte doit-il se fermer?</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>The period is paid for: closing at its end costs nothing more than now.</source>
        <translation>La période est payée : fermer à sa fin ne coûte rien de plus que maintenant.</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>At the end of the paid period (recommended)</source>
        <translation>À la fin de la période payée (recommandé)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Now</source>
        <translation>Maintenant</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>The service closes this account with you: ask them about closing at the end of the paid period.</source>
        <translation>Le service ferme ce compte avec vous : demandez-lui de le fermer à la fin de la période payée.</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Reading this firm&apos;s billing…</source>
        <translation>Lecture de la facturation du cabinet…</translation>
    </message>
</context>
</TS>
