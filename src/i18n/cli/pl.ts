import type { UnreachableReason } from '../../../packages/client/src/index.js';

/** Every word the konekt command prints, in Polish; the English dictionary has the same shape. */
export const pl = {
  help: `konekt — wymiana dokumentów Konekt z terminala

Użycie: konekt <polecenie> [opcje]

Polecenia:
  serve                         uruchamia serwer Konekt (to samo co "npm start"; ustawienia w zmiennych środowiskowych)
  setup [--url URL]             kreator łączenia programu; zapisuje token programu w profilu
  send PLIK|FOLDER...           wysyła dokumenty: .json w kształcie DocumentInput z API, .xml faktury FA(3) bez zmian
  receive --out FOLDER [--once] odbiera dokumenty do FOLDERU (<numer>.json i <numer>.xml, dokument jako FA(3))
                                i potwierdza każdy z nich
  status ID imported|rejected [--reason TEKST]
                                oznacza odebrany dokument jako zaimportowany lub odrzucony
  documents [--limit N]         dokumenty firmy i ich statusy

Biura rachunkowe (jeden program dla wszystkich firm, w których konto biura jest użytkownikiem odbierającym):
  setup --office                ścieżka kreatora dla biura: bez NIP-u firmy, dane logowania konta biura
  receive --office --out FOLDER [--once]
                                odbiera dokumenty wszystkich klientów do FOLDER/<NIP>/, z jednym kursorem biura
  documents --office [--nip NIP]
                                skrzynka (dokumenty czekające u każdego klienta) albo dokumenty jednego klienta

Opcje:
  --profile PLIK   profil zapisany przez "konekt setup" (domyślnie $KONEKT_PROFILE albo ~/.konekt/profile.json)
  --lang pl|en     język komunikatów (domyślnie polski w setup, angielski w pozostałych poleceniach)
  -h, --help       ta pomoc

Kod wyjścia:
  0  wszystko się udało
  1  serwer czegoś odmówił (dokumentu, tokenu, kroku kreatora), plik nie zawiera dokumentów
     albo konfigurację przerwano
  2  błędne użycie: nieznane polecenie lub opcja, brak argumentu, nieistniejący PLIK lub FOLDER
  3  serwer jest nieosiągalny: niczego nie odrzucono, spróbuj ponownie później
`,
  reasons: {
    CONNECTION_REFUSED: 'połączenie odrzucone',
    HOST_NOT_FOUND: 'nieznany host',
    TIMED_OUT: 'brak odpowiedzi w wyznaczonym czasie',
    CONNECTION_RESET: 'połączenie zostało przerwane',
    SERVER_UNAVAILABLE: 'serwer jest niedostępny',
    NETWORK: 'błąd sieci',
  } satisfies Record<UnreachableReason, string>,
  network: {
    cannotReach: (url: string, reason: string) => `nie można połączyć się z ${url}: ${reason}`,
    lost: (url: string, code?: number) => `utracono połączenie z ${url}${code ? ` (zamknięte z kodem ${code})` : ''}`,
    retrying: (seconds: string) => `ponowna próba za ${seconds} s`,
    retryingNow: 'ponowne łączenie od razu',
    reconnected: (url: string) => `ponownie połączono z ${url}`,
  },
  usage: {
    sendNeedsFiles: 'konekt send potrzebuje co najmniej jednego PLIKU lub FOLDERU',
    receiveNeedsOut: 'konekt receive potrzebuje --out FOLDER',
    status: 'użycie: konekt status ID imported|rejected [--reason TEKST]',
    limit: '--limit musi być dodatnią liczbą całkowitą',
    lang: '--lang przyjmuje pl albo en',
    unknownCommand: (command: string) => `nieznane polecenie „${command}”; zobacz konekt --help`,
    noSuchPath: (file: string) => `nie ma takiego pliku ani folderu: ${file}`,
  },
  profile: {
    missing: (file: string) => `Brak profilu ${file}: najpierw uruchom „konekt setup” (albo podaj --profile PLIK)`,
    incomplete: (file: string, key: string) =>
      `Profil ${file} nie zawiera pola ${key}; uruchom „konekt setup” ponownie`,
    unreadable: (file: string) => `Profil ${file} nie jest poprawnym plikiem JSON; uruchom „konekt setup” ponownie`,
  },
  send: {
    summary: (s: { sent: number; newVersions: number; alreadySent: number; refused: number }) =>
      `wysłane: ${s.sent}, nowe wersje: ${s.newVersions}, wysłane już wcześniej: ${s.alreadySent}, odrzucone: ${s.refused}`,
    refused: (file: string, reason: string) => `  odrzucony ${file}: ${reason}`,
    cannotRead: (message: string) => `nie można odczytać: ${message}`,
    emptyArray: 'plik nie zawiera żadnego dokumentu (pusta tablica [])',
    notADocument: 'plik nie zawiera dokumentu ani tablicy dokumentów',
    nothingToSend: (paths: string) => `brak plików .json w ${paths}: nie ma czego wysłać`,
    notSent: (count: number) =>
      `niewysłane dokumenty: ${count}; wyślij je ponownie, gdy serwer będzie odpowiadał (te same pliki nie utworzą duplikatów)`,
  },
  receive: {
    continuing: (cursor: string) => `kontynuacja po zdarzeniu ${cursor}`,
    continuingFrom: (file: string) => `kontynuacja po kursorze zapisanym w ${file}`,
    fromStart: 'odbiór od pierwszego zdarzenia',
    received: (number: string, version: number, file: string) => `odebrany: ${number} v${version} → ${file}`,
    newVersion: (number: string, version: number, file: string) => `nowa wersja: ${number} v${version} → ${file}`,
    cancelled: (number: string) => `anulowany w programie sprzedażowym: ${number}`,
    deleted: (number: string) => `usunięty w programie sprzedażowym: ${number}`,
    summary: (documents: number, notices: number, cursor: string | null) =>
      `zapisane dokumenty: ${documents}, anulowania/usunięcia: ${notices}, kursor: ${cursor ?? 'brak'}`,
  },
  documents: {
    empty: 'Brak dokumentów.',
    header: ['NUMER', 'TYP', 'WER', 'STATUS', 'STAN', 'WYSTAWIONY', 'NABYWCA', 'BRUTTO', 'POWÓD', 'ID'],
  },
  setup: {
    title: 'Kreator konfiguracji Konekt',
    serverUrl: 'Adres serwera Konekt',
    badUrl: (url: string) => `„${url}” nie jest adresem http:// ani https://.`,
    cannotConnect: (url: string, why: string) => `Nie można połączyć się z serwerem ${url}: ${why}`,
    programTitle: 'Program, który łączysz z Konekt:',
    salesGroup: 'wysyła dokumenty',
    accountingGroup: 'odbiera dokumenty',
    choose: (n: number) => `Wybierz [1-${n}]`,
    badChoice: (n: number) => `Wpisz numer od 1 do ${n}.`,
    nip: 'NIP firmy prowadzonej w programie',
    step1: 'Krok 1. Wybierz sposób konfiguracji:',
    pathOwner: 'Posiadam konto w serwisie Konekt lub chcę je dopiero założyć',
    pathInvited: 'Zostałem zaproszony do wymiany danych',
    step2: 'Krok 2. Konto główne w serwisie Konekt:',
    haveAccount: 'Posiadam konto w serwisie Konekt',
    noAccount: 'Nie posiadam konta',
    registration: (url: string) => `Serwis Konekt - zakładanie konta: ${url}`,
    registrationHint:
      'Wypełnij formularz rejestracji; na podany adres e-mail przyjdzie wiadomość z linkiem aktywacyjnym. Na tym etapie możesz przerwać konfigurację przyciskiem Zakończ.',
    finish: 'Zakończ',
    registeredNow: 'Założyłem już konto — zaloguj mnie',
    abandoned: (url: string) =>
      `Konfiguracja została przerwana. Załóż konto w serwisie Konekt (${url}), aktywuj je linkiem z wiadomości e-mail, a potem uruchom ponownie „konekt setup” i wybierz „Posiadam konto w serwisie Konekt”.`,
    ownerCredentials: 'Podaj parametry logowania konta głównego (adres e-mail i hasło). Pusty adres e-mail przerywa.',
    invitedStep3:
      'Krok 3. Podaj parametry logowania (adres e-mail i hasło) konta, na które zostałeś zaproszony. Pusty adres e-mail przerywa.',
    email: 'Adres e-mail',
    password: 'Hasło',
    step3: 'Krok 3. Podaj adresy e-mail użytkowników wymiany danych.',
    step3Note:
      'Serwis Konekt utworzy konta dla podanych adresów e-mail oraz wyśle im wiadomość z linkiem aktywacyjnym. Na potrzeby wymiany danych zalecane jest zdefiniowanie oddzielnych kont od konta administracyjnego.',
    senderEmail: 'E-mail użytkownika wysyłającego dokumenty z aplikacji Handel lub Faktura',
    receiverEmail: 'E-mail użytkownika odbierającego dokumenty w programie Finanse i Księgowość lub Mała Księgowość',
    invalidEmail: (value: string) => `„${value}” nie jest poprawnym adresem e-mail.`,
    warnings: {
      ownerUsedSending:
        'Uwaga: użytkownik wysyłający to konto główne (administracyjne); na potrzeby wymiany danych zalecane jest zdefiniowanie oddzielnych kont.',
      ownerUsedReceiving:
        'Uwaga: użytkownik odbierający to konto główne (administracyjne); na potrzeby wymiany danych zalecane jest zdefiniowanie oddzielnych kont.',
      sameAccount: 'Uwaga: ten sam użytkownik wysyła i odbiera dokumenty.',
      other: (code: string, message: string) => `Uwaga (${code}): ${message}`,
    },
    step4: 'Krok 4. Podsumowanie wprowadzonych ustawień:',
    summary: {
      program: 'Program',
      path: 'Sposób konfiguracji',
      nip: 'NIP firmy',
      company: 'Firma',
      owner: 'Konto główne',
      sender: 'Użytkownik wysyłający',
      receiver: 'Użytkownik odbierający',
      exchange: 'Konto wymiany danych programu',
    },
    cancel: 'Anuluj',
    cancelled: 'Konfiguracja została anulowana.',
    awaitingAcceptance: (email: string) =>
      `Zaproszenia zostały wysłane. Konto ${email} musi przyjąć zaproszenie do firmy: jeśli to nowy adres, odbierz wiadomość z linkiem aktywacyjnym, kliknij link, zdefiniuj hasło i potwierdź przyciskiem Zapisz (to przyjmuje zaproszenie); jeśli konto już istnieje, zaloguj się nim do Konekt i przyjmij zaproszenie.`,
    awaitingPassword: (email: string) => `Konto ${email} jest już aktywne.`,
    enterPassword: (email: string) => `Wprowadź hasło konta ${email} (pusta odpowiedź kończy)`,
    passwordLater: (id: string) =>
      `Program nie otrzymał jeszcze tokenu: konfiguracja ${id} czeka w Konekt na hasło. Uruchom „konekt setup” ponownie, gdy konto będzie aktywne.`,
    done: 'Konfiguracja jest aktywna.',
    testTitle: 'Test połączenia:',
    testFailed:
      'Test połączenia wykazał problemy (powyżej); program może wymagać dokończenia konfiguracji po stronie Konekt.',
    /** Each check of testConnection by its name: a label, and what its result means. */
    checks: {
      PROGRAM_TOKEN: {
        label: 'Token programu',
        ok: 'token jest ważny',
        failed: 'brak ważnego tokenu lub konfiguracja nie jest aktywna: wprowadź hasło ponownie',
      },
      NIP_MATCH: {
        label: 'Zgodność NIP',
        ok: 'NIP programu zgadza się z firmą',
        failed: 'NIP programu nie zgadza się z firmą tej konfiguracji',
      },
      EXCHANGE_ACCOUNT: {
        label: 'Konto wymiany danych',
        ok: 'konto jest aktywne i ma potrzebne uprawnienie',
        failed: 'konto nie jest aktywne, nie ma uprawnienia albo nie należy już do firmy',
      },
      RECEIVER_PRESENT: {
        label: 'Użytkownik odbierający',
        ok: 'firma ma aktywnego użytkownika odbierającego',
        failed: 'firma nie ma jeszcze aktywnego użytkownika odbierającego',
      },
      SENDER_PRESENT: {
        label: 'Użytkownik wysyłający',
        ok: 'firma ma aktywnego użytkownika wysyłającego',
        failed: 'firma nie ma jeszcze aktywnego użytkownika wysyłającego',
      },
      PLAN_ALLOWS_SENDING: {
        label: 'Pakiet',
        ok: 'pakiet pozwala w tym miesiącu wysyłać dokumenty',
        failed: 'limit dokumentów pakietu w tym miesiącu został wykorzystany',
      },
    } as Record<string, { label: string; ok: string; failed: string } | undefined>,
    otherCheck: (name: string, ok: boolean) => `${name}: ${ok ? 'w porządku' : 'problem'}`,
    saved: (file: string) => `Profil zapisano w ${file} (token programu, bez hasła).`,
    inputEnded: 'Dane wejściowe skończyły się przed zakończeniem kreatora; konfiguracja nie została zapisana.',
    interrupted: 'Przerwano.',
    errors: {
      InvalidNipError: 'Nieprawidłowy NIP: potrzebne jest 10 cyfr z poprawną cyfrą kontrolną.',
      InvalidCredentialsError:
        'Nieprawidłowy adres e-mail lub hasło (albo konto nie zostało jeszcze aktywowane linkiem z wiadomości e-mail).',
      TooManyAttemptsError: (seconds: number) => `Zbyt wiele nieudanych prób; spróbuj ponownie za ${seconds} s.`,
      NipMismatchError: (nip: string) => `To konto nie należy do firmy o NIP ${nip} podanym w programie.`,
      RoleMismatchOwner:
        'Tę ścieżkę może wybrać tylko konto główne (właściciel) firmy; użytkownik zaproszony wybiera „Zostałem zaproszony do wymiany danych”.',
      RoleMismatchSender:
        'To konto nie zostało zaproszone jako użytkownik wysyłający dokumenty (albo nie ma uprawnienia do wysyłania); poproś właściciela konta głównego.',
      RoleMismatchReceiver:
        'To konto nie zostało zaproszone jako użytkownik odbierający dokumenty (albo nie ma uprawnienia do odbierania); poproś właściciela konta głównego.',
      WizardStepError:
        'Kreator jest już na innym kroku (np. konfigurację zakończono gdzie indziej). Uruchom „konekt setup” ponownie.',
      WizardExpiredError: 'Szkic konfiguracji wygasł (ważny 24 godziny). Uruchom „konekt setup” ponownie.',
      ValidationError: (field: string) => `Nieprawidłowa wartość pola ${field}.`,
      awaitingAcceptance: (email: string) =>
        `Konto ${email} nie przyjęło jeszcze zaproszenia (nowe konto przyjmuje je, aktywując się linkiem z wiadomości). Gdy to zrobi, podaj tutaj jego hasło.`,
      other: (code: string, message: string) => `Błąd ${code}: ${message}`,
    },
  },
  office: {
    title: 'Kreator konfiguracji Konekt dla biura rachunkowego',
    program: 'Program księgowy, który odbiera dokumenty wszystkich Twoich klientów:',
    choose: (n: number) => `Wybierz [1-${n}]`,
    badChoice: (n: number) => `Wpisz numer od 1 do ${n}.`,
    signIn:
      'Zaloguj się kontem biura: tym, które właściciele firm Twoich klientów dodali jako użytkownika odbierającego. Pusty adres e-mail przerywa.',
    email: 'Adres e-mail',
    password: 'Hasło',
    summary: 'Podsumowanie:',
    account: 'Konto biura',
    clients: (count: number) => `Firmy klientów (${count})`,
    finish: 'Zakończ',
    cancel: 'Anuluj',
    cancelled: 'Konfiguracja została anulowana.',
    done: 'Program biura jest połączony: jeden token dla wszystkich firm klientów.',
    testTitle: 'Test połączenia:',
    saved: (file: string) => `Profil zapisano w ${file} (token programu, bez hasła).`,
    inputEnded: 'Dane wejściowe skończyły się przed zakończeniem kreatora; konfiguracja nie została zapisana.',
    interrupted: 'Przerwano.',
    notAnOffice: (file: string) =>
      `Profil ${file} nie należy do biura rachunkowego: uruchom najpierw „konekt setup --office”`,
    unknownClient: (nip: string) => `Nie ma firmy klienta o NIP-ie ${nip}`,
    noClients: 'Nie ma jeszcze firm klientów.',
    inbox: {
      nip: 'NIP',
      name: 'KLIENT',
      waiting: 'OCZEKUJĄCE',
      since: 'CZEKA OD',
      issued: 'NAJSTARSZA DATA',
      lastEvent: 'OSTATNIE ZDARZENIE',
      overdue: 'PO TERMINIE',
    },
  },
};

export type CliText = typeof pl;
