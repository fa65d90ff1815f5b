import type { Messages } from './index.js';

/** Every word Konekt says in Polish; the keys are those of `en.ts`. */
export const pl: Messages = {
  errors: {
    invalidNip: (nip: string) => `„${nip}” nie jest prawidłowym NIP-em: potrzeba 10 cyfr z poprawną cyfrą kontrolną`,
    nipAlreadyRegistered: (nip: string) => `Firma z NIP-em ${nip} jest już zarejestrowana`,
    weakPasswordShort: (min: number) => `Hasło musi mieć co najmniej ${min} znaków`,
    weakPasswordLong: (max: number) => `Hasło może mieć najwyżej ${max} znaków`,
    weakPasswordSimple: 'Hasło jest za łatwe do odgadnięcia: użyj więcej różnych znaków',
    linkUnknown: 'Ten link jest nieprawidłowy',
    linkUsed: 'Ten link został już użyty',
    linkExpired: 'Ten link wygasł',
    invalidCredentials: 'Nieprawidłowy e-mail lub hasło',
    tooManyAttempts: (seconds: number) => `Zbyt wiele nieudanych prób; spróbuj ponownie za ${seconds} s`,
    wizardStep: (expected: string, attempted: string) =>
      `Kreator jest na kroku ${expected}; ${attempted} nie jest teraz możliwe`,
    wizardExpired: 'Ten szkic kreatora wygasł (szkice żyją 24 godziny); uruchom kreator od nowa',
    nipMismatchAccount: (nip: string) => `Konto nie należy do firmy o NIP-ie ${nip} podanym przez program`,
    nipMismatchIssuer: (issuer: string, company: string) => `NIP wystawcy ${issuer} nie jest NIP-em firmy ${company}`,
    ownerPathNeedsOwner:
      'Tę ścieżkę może przejść tylko właściciel (konto główne) firmy; zaproszeni użytkownicy wybierają „Zostałem zaproszony”',
    salesNeedsSender: 'Program sprzedażowy potrzebuje konta zaproszonego jako użytkownik wysyłający (SENDER)',
    accountingNeedsReceiver: 'Program księgowy potrzebuje konta zaproszonego jako użytkownik odbierający (RECEIVER)',
    roleLacksPermission: (role: string, permission: string) =>
      `Konto ma w firmie rolę ${role}, ale nie ma uprawnienia ${permission}; poproś właściciela`,
    noLongerRole: (role: string, permission: string) =>
      `Konto nie ma już w firmie roli ${role} z uprawnieniem ${permission}`,
    accountNotActive: (email: string) =>
      `Konto ${email} nie jest jeszcze aktywne: najpierw otwórz wysłany do niego link aktywacyjny`,
    configurationState: (status: string) => `Konfiguracja ma status ${status}`,
    configurationDeleted: 'Konfiguracja jest już usunięta',
    configurationNotFinished: (status: string) =>
      `Konfiguracja ma status ${status}: najpierw zakończ kreator; o hasło pytamy, gdy ma już konto wymiany`,
    totalsMismatch: (field: string, expected: string, actual: string) =>
      `${field} wynosi ${actual}, a powinno ${expected}`,
    documentTypeNotAllowed: (type: string, program: string) => `${program} nie może wysyłać dokumentów ${type}`,
    quotaExceeded: (plan: string, limit: number, used: number) =>
      `Pakiet ${plan} pozwala na ${limit} dokumentów miesięcznie, a w tym miesiącu wysłano ${used}`,
    idempotencyConflict: (key: string) => `Klucz idempotencji „${key}” użyto już dla innego dokumentu`,
    documentState: (status: string, state: string, change: string) =>
      `Dokument ma status ${status} i stan ${state}; ${change} nie jest możliwe`,
    removeOnlyCancelled: 'Z kolejki można usunąć tylko dokument anulowany lub usunięty',
  },
  validation: {
    email: (input: string) => `„${input}” nie jest prawidłowym adresem e-mail`,
    companyName: (min: number, max: number) => `Nazwa firmy musi mieć od ${min} do ${max} znaków`,
    alreadyMember: (email: string, role: string) => `${email} ma już w tej firmie rolę ${role}`,
    alreadyHasRole: (role: string) => `Konto ma już w tej firmie rolę ${role}`,
    lastOwner: 'Firma musi zachować co najmniej jednego właściciela, który zarządza użytkownikami',
    syncInterval: (min: number, max: number) => `Częstotliwość synchronizacji musi wynosić od ${min} do ${max} minut`,
    onlyActiveSynchronises: (status: string) => `Konfiguracja ma status ${status}; synchronizuje się tylko aktywna`,
    idempotencyKey: (max: number) => `idempotencyKey musi mieć od 1 do ${max} znaków`,
    notEmpty: (field: string) => `${field} nie może być puste`,
    tooLong: (field: string, max: number) => `${field} może mieć najwyżej ${max} znaków`,
    twoDecimals: (field: string) => `${field} może mieć najwyżej dwa miejsca po przecinku`,
    correctionNeedsNumber: 'Korekta musi wskazać korygowany dokument (correctedNumber)',
    onlyCorrectionHasNumber: 'Tylko korekta (CORRECTION) ma correctedNumber',
    currency: 'currency musi być kodem ISO 4217, np. PLN lub EUR',
    issuerNipRequired: 'NIP wystawcy jest wymagany',
    noLines: 'Dokument musi mieć co najmniej jedną pozycję',
    tooManyLines: (max: number) => `Dokument może mieć najwyżej ${max} pozycji`,
    tooManyAttachments: (max: number) => `Najwyżej ${max} załączników`,
    notBase64: 'contentBase64 nie jest poprawnym base64',
    attachmentTooLarge: (max: number) => `Załącznik może mieć najwyżej ${max} bajtów`,
    tooManyIds: (max: number) => `Naraz można potwierdzić najwyżej ${max} dokumentów`,
    rejectionNeedsReason: 'Podaj powód odrzucenia dokumentu',
    reasonTooLong: (max: number) => `Powód może mieć najwyżej ${max} znaków`,
  },
  access: {
    signInFirst: 'Najpierw się zaloguj: wyślij nagłówek „Authorization: Bearer <token>”',
    tokenRejected:
      'Token w „Authorization: Bearer …” jest nieważny: nieznany, wygasły albo unieważniony. Zaloguj się (lub wprowadź hasło wymiany) ponownie, by dostać nowy',
    wrongTokenKind: (needed: string) => `Ten token na to nie pozwala: potrzebny jest ${needed}`,
    needs: {
      account: 'token sesji właściciela lub użytkownika (signIn)',
      wizard: 'token kreatora ze startConnectWizard',
      program: 'token programu (enterExchangePassword lub finishConnectWizard)',
      salesProgram: 'token programu sprzedażowego',
      accountingProgram: 'token programu księgowego',
      office: 'token programu biura rachunkowego (ścieżka OFFICE kreatora)',
      officeProgram: 'token programu biura rachunkowego (ścieżka OFFICE kreatora)',
    },
    notFound: {
      company: 'Nie ma takiej firmy wśród Twoich',
      member: 'Nie ma takiej firmy ani użytkownika w Twoich firmach',
      configuration: 'Nie ma takiej konfiguracji w Twoich firmach',
      document: 'Nie ma takiego dokumentu w Twojej firmie',
    },
    otherConfiguration: 'Ten token należy do innej konfiguracji',
    programSeesOwnCompany: 'Program widzi tylko własną firmę',
    sayWhichCompany: 'Wskaż firmę: podaj companyId',
    notAListCursor: 'To nie jest kursor tej listy',
    cursorAhead: (cursor: string, last: string) =>
      `Kursor ${cursor} wykracza poza ostatnie zdarzenie firmy (${last}): nie został tu wydany. Wznów od ostatniego przetworzonego kursora albo od ${last}`,
    notAnId: (id: string) => `„${id}” nie jest identyfikatorem nadanym przez Konekt`,
    notAnEventCursor: (cursor: string) =>
      `„${cursor}” nie jest kursorem: podaj kursor ostatniego przetworzonego zdarzenia`,
  },
  warnings: {
    ownerAccountUsed: (side: 'SENDER' | 'RECEIVER') =>
      `Użytkownik ${side === 'SENDER' ? 'wysyłający' : 'odbierający'} to konto właściciela; do wymiany zalecamy osobne konta`,
    sameAccountBothSides: 'Użytkownik wysyłający i odbierający to to samo konto',
    beyondDefaultPermissions: (role: string, extra: string) =>
      `Nadano więcej niż domyślne uprawnienia roli ${role} (${extra}); ze względów bezpieczeństwa użytkownicy wymiany powinni mieć uprawnienia domyślne`,
  },
  checks: {
    tokenOk: 'Token programu jest ważny',
    tokenMissing: 'Brak ważnego tokenu programu: wprowadź hasło ponownie',
    notActive: (status: string) => `Konfiguracja ma status ${status}, a nie ACTIVE`,
    nipOk: (nip: string) => `NIP programu ${nip} zgadza się z firmą`,
    nipBad: (nip: string) => `NIP programu ${nip} nie pasuje do firmy tej konfiguracji`,
    exchangeAccountOk: (email: string, side: 'SALES' | 'ACCOUNTING') =>
      `Konto wymiany ${email} jest aktywne i może ${side === 'SALES' ? 'wysyłać' : 'odbierać'} dokumenty`,
    exchangeAccountBad: (email: string) => `Konto wymiany ${email} jest nieaktywne albo nie ma uprawnienia`,
    exchangeAccountGone: 'Konto wymiany nie należy już do firmy',
    counterpartOk: (role: 'SENDER' | 'RECEIVER', email: string) =>
      `Jest aktywny użytkownik ${role === 'RECEIVER' ? 'odbierający' : 'wysyłający'}: ${email}`,
    counterpartMissing: (role: 'SENDER' | 'RECEIVER') =>
      `W firmie nie ma jeszcze aktywnego użytkownika ${role === 'RECEIVER' ? 'odbierającego' : 'wysyłającego'}`,
    planOk: (plan: string, remaining: number) =>
      `Pakiet ${plan} pozwala w tym miesiącu na jeszcze ${remaining} dokument(ów)`,
    planUsedUp: (plan: string, limit: number) =>
      `Limit ${limit} dokumentów pakietu ${plan} w tym miesiącu jest wyczerpany`,
    noCompany: 'Z tą konfiguracją nie jest powiązana żadna firma',
  },
  answers: {
    registered: (email: string) => `Sprawdź skrzynkę ${email}: wysłaliśmy link do aktywacji konta.`,
    resetRequested: 'Jeśli ten adres ma konto, wysłaliśmy na niego link do ustawienia nowego hasła.',
  },
  roles: {
    OWNER: 'właściciel',
    SENDER: 'użytkownik wysyłający dokumenty',
    RECEIVER: 'użytkownik odbierający dokumenty',
  },
  mails: {
    signature: '— Konekt',
    activation: {
      subject: 'Aktywuj konto w Konekt',
      created: (company: string | undefined) =>
        company
          ? `W serwisie Konekt utworzono dla Ciebie konto dla firmy ${company}.`
          : 'W serwisie Konekt utworzono dla Ciebie konto.',
      instructions: 'Otwórz poniższy link i ustaw hasło. Link jest ważny 72 godziny i działa jeden raz.',
      link: 'Aktywuj konto',
    },
    alreadyRegisteredPending: {
      subject: 'Masz już konto w Konekt',
      body: [
        'Ktoś próbował zarejestrować ten adres, który ma już nieaktywowane konto w Konekt.',
        'Aby je aktywować, otwórz poniższy link (ważny 72 godziny). Jeśli to nie Ty, zignoruj tę wiadomość.',
      ],
      link: 'Aktywuj konto',
    },
    alreadyRegistered: {
      subject: 'Masz już konto w Konekt',
      body: [
        'Ktoś próbował zarejestrować ten adres, który ma już konto w Konekt. Zaloguj się nim; aby zarejestrować kolejną firmę, zaloguj się i użyj „registerCompany”.',
        'Jeśli nie pamiętasz hasła, ustaw nowe tutaj. Jeśli to nie Ty, zignoruj tę wiadomość.',
      ],
      link: 'Ustaw nowe hasło',
    },
    passwordReset: {
      subject: 'Ustaw nowe hasło w Konekt',
      body: [
        'Otwórz poniższy link, aby ustawić nowe hasło. Link jest ważny 1 godzinę i działa jeden raz. Jeśli nie prosiłeś o zmianę, zignoruj tę wiadomość.',
      ],
      link: 'Ustaw nowe hasło',
    },
    addedToCompany: {
      subject: 'Dodano Cię do wymiany danych w Konekt',
      added: (company: string, role: string) => `Twoje konto w Konekt zostało dodane do firmy ${company} jako ${role}.`,
      signIn: (url: string) => `Zaloguj się swoim dotychczasowym hasłem: ${url}.`,
    },
  },
  scalars: {
    date: (value: string) => `„${value}” nie jest datą: zapisz ją jako "RRRR-MM-DD", np. "2026-11-20"`,
    notCalendarDate: (value: string) => `${value} nie jest datą z kalendarza (lata 0001–9999)`,
    decimalNumber: (value: string) =>
      `${value} jest liczbą: kwoty zapisuj jako napisy, by nie zgubić cyfr, np. "${value}"`,
    decimalComma: (value: string) =>
      `„${value}” zawiera przecinek: część dziesiętną oddziel kropką, np. "${value.replace(',', '.')}"`,
    decimal: (value: string) =>
      `„${value}” nie jest liczbą dziesiętną: zapisz ją jako napis z kropką i najwyżej 6 miejscami po niej, np. "1234.50"`,
    dateTime: 'DateTime musi być napisem ISO 8601',
  },
  offices: {
    noClientCompanies:
      'Konto nie jest użytkownikiem odbierającym (z uprawnieniem do odbierania) żadnej firmy: właściciel firmy musi je najpierw dodać jako użytkownika odbierającego',
    nipNotForOffice: 'Program biura łączy się bez NIP-u firmy: pomiń companyNip',
    nipRequired: 'companyNip jest wymagany na ścieżkach OWNER i INVITED',
    accountingProgramOnly: (program: string) =>
      `${program} to program sprzedażowy: jako biuro łączą się tylko programy księgowe (MALA_KSIEGOWOSC_START, FINANSE_KSIEGOWOSC)`,
    reminderAfterHours: (min: number, max: number) =>
      `reminderAfterHours musi wynosić od ${min} do ${max} godzin albo null, by wyłączyć przypomnienia`,
    synchronizeInInbox:
      'Biuro synchronizuje się przez officeClients (co czeka, dla każdego klienta) i officeDocumentEvents',
    notAnOffice: 'To nie jest konfiguracja biura rachunkowego',
    notACursor: (cursor: string) =>
      `„${cursor}” nie jest kursorem strumienia tego biura: podaj kursor ostatniego zdarzenia przetworzonego przez to biuro albo żaden, by zacząć od początku`,
    cursorAhead: (nip: string) => `Kursor wykracza poza ostatnie zdarzenie firmy o NIP-ie ${nip}: nie został tu wydany`,
    checks: {
      accountOk: (email: string) => `Konto biura ${email} jest aktywne`,
      accountBad: (email: string) => `Konto biura ${email} jest nieaktywne`,
      clientsOk: (count: number) => `Biuro obsługuje firmy klientów: ${count}`,
      clientsNone:
        'Żadna firma nie dodała konta biura jako użytkownika odbierającego z uprawnieniem do odbierania: strumień jest pusty',
    },
    digest: {
      subject: (clients: number) => `Konekt: dokumenty klientów (${clients}) czekają na zaksięgowanie`,
      intro: (hours: number) => `Dokumenty tych klientów czekają na zaksięgowanie dłużej niż ${hours} godz.:`,
      client: (name: string, nip: string, waiting: number, since: string) =>
        `${name} (NIP ${nip}): oczekujące dokumenty: ${waiting}, najstarszy od ${since}`,
      outro:
        'To zestawienie przychodzi najwyżej raz dziennie. Wyłączysz je lub zmienisz czas w ustawieniach programu biura (updateOfficeReminders).',
    },
    cli: {
      title: 'Kreator konfiguracji Konekt dla biura rachunkowego',
      serverUrl: 'Adres serwera Konekt',
      badUrl: (url: string) => `„${url}” nie jest adresem http:// ani https://.`,
      cannotConnect: (url: string, why: string) => `Nie można połączyć się z serwerem ${url}: ${why}`,
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
  },
};
