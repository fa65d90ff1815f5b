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
    nipMismatchKsefSeller: (seller: string, company: string) =>
      `NIP sprzedawcy ${seller} (Podmiot1) nie jest NIP-em firmy ${company}`,
    ownerPathNeedsOwner:
      'Tę ścieżkę może przejść tylko właściciel (konto główne) firmy; zaproszeni użytkownicy wybierają „Zostałem zaproszony”',
    salesNeedsSender: 'Program sprzedażowy potrzebuje konta zaproszonego jako użytkownik wysyłający (SENDER)',
    accountingNeedsReceiver: 'Program księgowy potrzebuje konta zaproszonego jako użytkownik odbierający (RECEIVER)',
    roleLacksPermission: (role: string, permission: string) =>
      `Konto ma w firmie rolę ${role}, ale nie ma uprawnienia ${permission}; poproś właściciela`,
    noLongerRole: (role: string, permission: string) =>
      `Konto nie ma już w firmie roli ${role} z uprawnieniem ${permission}`,
    awaitingAcceptance: (email: string) =>
      `Użytkownik wymiany ${email} nie przyjął jeszcze zaproszenia: nowe konto przyjmuje je, aktywując się linkiem z wiadomości, istniejące – logując się i przyjmując zaproszenie. O hasło pytamy potem`,
    mailLimitClient: (seconds: number) =>
      `Z Twojego adresu zamówiono zbyt wiele wiadomości; spróbuj ponownie za ${seconds} s`,
    mailLimitRecipient: (seconds: number) =>
      `Na ten adres wysłano ostatnio zbyt wiele wiadomości; spróbuj ponownie za ${seconds} s`,
    invitationState: (status: 'EXPIRED' | 'ACCEPTED' | 'DECLINED' | 'REVOKED') =>
      ({
        EXPIRED: 'To zaproszenie wygasło; poproś firmę o nowe',
        ACCEPTED: 'To zaproszenie zostało już przyjęte',
        DECLINED: 'To zaproszenie zostało odrzucone',
        REVOKED: 'Firma wycofała to zaproszenie',
      })[status],
    configurationState: (status: string) => `Konfiguracja ma status ${status}`,
    configurationDeleted: 'Konfiguracja jest już usunięta',
    configurationNotFinished: (status: string) =>
      `Konfiguracja ma status ${status}: najpierw zakończ kreator; o hasło pytamy, gdy ma już konto wymiany`,
    totalsMismatch: (field: string, expected: string, actual: string) =>
      `${field} wynosi ${actual}, a powinno ${expected}`,
    documentTypeNotAllowed: (type: string, program: string) => `${program} nie może wysyłać dokumentów ${type}`,
    quotaExceeded: (plan: string, limit: number, used: number) =>
      `Pakiet ${plan} pozwala na ${limit} dokumentów miesięcznie, a w tym miesiącu wysłano ${used}`,
    storageExceeded: (plan: string, limit: number, used: number, needed: number) =>
      `Pakiet ${plan} mieści najwyżej ${limit} bajtów dokumentów i załączników; zajęte jest ${used}, a ta wersja potrzebuje jeszcze ${needed}`,
    idempotencyConflict: (key: string) => `Klucz idempotencji „${key}” użyto już dla innego dokumentu`,
    documentState: (status: string, state: string, change: string) =>
      `Dokument ma status ${status} i stan ${state}; ${change} nie jest możliwe`,
    removeOnlyCancelled: 'Z kolejki można usunąć tylko dokument anulowany lub usunięty',
    ksefSchema: (violations: string) => `Faktura FA(3) nie jest zgodna z oficjalnym schematem: ${violations}`,
    ksefAtLine: (line: number, message: string) => `wiersz ${line}: ${message}`,
    ksefNamespace: (found: string) =>
      `${found}; oczekiwana jest FA(3) (Faktura w przestrzeni nazw http://crd.gov.pl/wzor/2025/06/25/13775/)`,
    ksefIsFa2: 'To jest faktura FA(2)',
    ksefIsOther: (root: string, namespace: string) => `To jest <${root}> w przestrzeni nazw „${namespace}”`,
    ksefMalformed: (line: number | null, detail: string) =>
      `Faktura FA(3) nie jest poprawnym XML-em${line === null ? '' : ` (wiersz ${line})`}: ${detail}`,
    ksefUtf16: 'Faktury KSeF są w UTF-8; ta jest w UTF-16',
    ksefEncoding: (declared: string) => `Faktury KSeF są w UTF-8; ta deklaruje ${declared}`,
    ksefForbiddenDeclaration: (declaration: string) =>
      `Faktura FA(3) nie może zawierać deklaracji ${declaration}; nie została odczytana`,
    ksefTooLarge: (size: number, limit: number) =>
      `Faktura FA(3) ma ${size} bajtów; KSeF dopuszcza ${limit} (1 MiB albo 3 MiB dla faktury z Zalacznik)`,
    invalidKsefNumber: (number: string, reason: string) => `„${number}” nie jest prawidłowym numerem KSeF: ${reason}`,
    ksefNumberLength: (length: number) => `ma ${length} znaków zamiast 35`,
    ksefNumberForm: 'postać to NIP-RRRRMMDD-XXXXXXXXXXXX-CC (szesnastkowo, wielkie litery)',
    ksefNumberChecksum: 'dwa ostatnie znaki (suma kontrolna CRC-8) nie zgadzają się z resztą',
  },
  validation: {
    email: (input: string) => `„${input}” nie jest prawidłowym adresem e-mail`,
    companyName: (min: number, max: number) => `Nazwa firmy musi mieć od ${min} do ${max} znaków`,
    companyNameLink:
      'Nazwa firmy nie może zawierać adresu strony ani niczego, co wygląda jak adres (http, www., example.com, @)',
    alreadyMember: (email: string, role: string) => `${email} ma już w tej firmie rolę ${role}`,
    alreadyHasRole: (role: string) => `Konto ma już w tej firmie rolę ${role}`,
    lastOwner: 'Firma musi zachować co najmniej jednego właściciela, który zarządza użytkownikami',
    syncInterval: (min: number, max: number) => `Częstotliwość synchronizacji musi wynosić od ${min} do ${max} minut`,
    onlyActiveSynchronises: (status: string) => `Konfiguracja ma status ${status}; synchronizuje się tylko aktywna`,
    documentOrKsefXml: 'Wyślij dokument jako pola JSON (document) albo jako fakturę FA(3) (ksefXml): jedno z dwojga',
    documentAndKsefXml: 'Wyślij dokument jako pola JSON (document) albo jako fakturę FA(3) (ksefXml), nie oba naraz',
    ksefNumberWithoutXml:
      'ksefNumber podaje się z fakturą FA(3) (ksefXml): dokument wysłany jako JSON nie ma numeru KSeF',
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
    attachmentsTooLarge: (total: number, body: number) =>
      `Załączniki jednego dokumentu mogą mieć razem najwyżej ${total} bajtów, by żądanie (base64 dodaje jedną trzecią) zmieściło się w limicie ${body} bajtów`,
    tooManyIds: (max: number) => `Naraz można potwierdzić najwyżej ${max} dokumentów`,
    rejectionNeedsReason: 'Podaj powód odrzucenia dokumentu',
    reasonTooLong: (max: number) => `Powód może mieć najwyżej ${max} znaków`,
  },
  http: {
    lengthRequired: 'Wyślij żądanie z nagłówkiem Content-Length',
    bodyTooLarge: (body: number, attachments: number) =>
      `Treść żądania przekracza ${body} bajtów. Załączniki jednego dokumentu mogą mieć razem najwyżej ${attachments} bajtów (wysyłane w base64, które dodaje jedną trzecią)`,
    unexpected: 'Nieoczekiwany błąd',
    serviceUnavailable: (seconds: number) =>
      `Konekt nie może teraz połączyć się ze swoją bazą danych; spróbuj ponownie za ${seconds} s`,
    ready: 'gotowy',
    notReady: (problem: string) => `niegotowy: ${problem}`,
    databaseUnreachable: 'baza danych jest nieosiągalna',
    migrationsPending: (names: string) => `migracje jeszcze niezastosowane: ${names}`,
    migrationsEdited: (names: string) => `migracje zmienione po zastosowaniu: ${names}`,
    migrationFailed: (name: string) => `migracja ${name} nie powiodła się`,
    stopping: 'serwer się zatrzymuje; nowe żądania wysyłaj do innego',
    alive: 'działa',
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
      invitation: 'Nie ma takiego zaproszenia dla Ciebie ani w Twoich firmach',
    },
    otherConfiguration: 'Ten token należy do innej konfiguracji',
    programSeesOwnCompany: 'Program widzi tylko własną firmę',
    sayWhichCompany: 'Wskaż firmę: podaj companyId',
    notAListCursor: 'To nie jest kursor tej listy',
    cursorAhead: (cursor: string, last: string) =>
      `Kursor ${cursor} wykracza poza ostatnie zdarzenie firmy (${last}): nie został tu wydany. Wznów od ostatniego przetworzonego kursora albo od ${last}`,
    notAnEventCursor: (cursor: string) =>
      `„${cursor}” nie jest kursorem: podaj kursor ostatniego przetworzonego zdarzenia`,
  },
  limits: {
    tokens: (max: number) =>
      `Operacja ma więcej niż ${max} tokenów: pytaj o mniej naraz, a dokumenty i długie wartości przekazuj jako zmienne`,
    depth: (max: number) => `Operacja zagnieżdża pola głębiej niż na ${max} poziomów`,
    aliases: (max: number) => `Operacja używa więcej niż ${max} aliasów`,
    directives: (max: number) => `Operacja używa więcej niż ${max} dyrektyw`,
    cost: (max: number, found: string) =>
      `Koszt operacji to ${found}, więcej niż dozwolone ${max} (lista kosztuje swoje pola razy first/last): pytaj o mniej elementów lub pól na stronę`,
    timeout: (ms: number) => `Operacja nie zakończyła się w ${ms} ms i została przerwana`,
    introspectionOff: 'Introspekcja jest na tym serwerze wyłączona',
    csrf: 'Wysyłaj zapytania GraphQL jako JSON (Content-Type: application/json) albo z nagłówkiem „x-graphql-yoga-csrf”; formularze są odrzucane',
    tooManyConnections: 'Zbyt wiele połączeń z Twojego adresu; spróbuj później',
    tooManySockets: 'Zbyt wiele połączeń WebSocket; najpierw zamknij któreś',
    tooManySubscriptions: (max: number) =>
      `Zbyt wiele jednoczesnych subskrypcji (najwyżej ${max}); zakończ którąś, zanim zaczniesz kolejną`,
    originNotAllowed: 'Ta strona nie może wywoływać API',
    anonymousIdle: 'Zamknięte: bezczynne bez tokenu',
  },
  input: {
    notAnId: (id: string, field?: string) =>
      `${field ? `${field}: ` : ''}„${id}” nie jest identyfikatorem nadanym przez Konekt`,
    otherTypeOfId: (field: string, given: string, expected: string) =>
      `${field}: to identyfikator obiektu ${given}, a nie ${expected}`,
    nulCharacter: (field: string) => `${field} zawiera znak NUL (U+0000), którego tekst nie może zawierać`,
    loneSurrogate: (field: string) =>
      `${field} zawiera niesparowany surogat UTF-16: to nie jest poprawny tekst Unicode; wyślij go w UTF-8`,
  },
  warnings: {
    ownerAccountUsed: (side: 'SENDER' | 'RECEIVER') =>
      `Użytkownik ${side === 'SENDER' ? 'wysyłający' : 'odbierający'} to konto właściciela; do wymiany zalecamy osobne konta`,
    sameAccountBothSides: 'Użytkownik wysyłający i odbierający to to samo konto',
    beyondDefaultPermissions: (role: string, extra: string) =>
      `Nadano więcej niż domyślne uprawnienia roli ${role} (${extra}); ze względów bezpieczeństwa użytkownicy wymiany powinni mieć uprawnienia domyślne`,
  },
  documentWarnings: {
    KSEF_LINES_NET_MISMATCH: (p: { group: string; total: string; lines: string }) =>
      `${p.group} wynosi ${p.total}, a wartości netto wierszy (P_11) w jego stawce sumują się do ${p.lines}`,
    KSEF_LINES_GROSS_MISMATCH: (p: { group: string; vatGroup: string; total: string; lines: string }) =>
      `${p.group} + ${p.vatGroup} wynosi ${p.total}, a wartości brutto wierszy (P_11A) w jego stawce sumują się do ${p.lines}`,
    KSEF_VAT_MISMATCH: (p: { vatGroup: string; vat: string; group: string; net: string; expected: string[] }) =>
      `${p.vatGroup} wynosi ${p.vat}, a VAT od ${p.group} ${p.net} to ${p.expected.join(' lub ')}`,
    KSEF_VAT_PLN_MISSING: (p: { currency: string; vatGroup: string; field: string }) =>
      `Faktura jest w ${p.currency}, więc VAT z ${p.vatGroup} trzeba podać także w PLN (${p.field})`,
    KSEF_VAT_PLN_MISMATCH: (p: { field: string; stated: string; expected: string }) =>
      `${p.field} wynosi ${p.stated} PLN, a VAT przeliczony po podanych kursach to ${p.expected} PLN`,
    KSEF_TOTAL_MISMATCH: (p: { stated: string; sum: string }) =>
      `P_15 wynosi ${p.stated}, a sumy netto i VAT (P_13_x, P_14_x) dają ${p.sum}`,
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
    exchangeAccountInvited: (email: string) => `Użytkownik wymiany ${email} nie przyjął jeszcze zaproszenia`,
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
    list: (items: string[]) => items.join(' i '),
    invitation: {
      subject: 'Zaproszenie do wymiany danych w Konekt',
      invited: (company: string, roles: string) =>
        `Firma ${company} zaprasza Cię do wymiany dokumentów w Konekt jako ${roles}.`,
      answer: (url: string) =>
        `Aby dołączyć, zaloguj się do Konekt (${url}) i przyjmij zaproszenie (acceptInvitation); aby odmówić, odrzuć je (declineInvitation). Zaproszenie jest ważne 72 godziny.`,
      privacy:
        'Dopóki go nie przyjmiesz, firma nie widzi niczego o Twoim koncie. Jeśli nie znasz tej firmy, zignoruj tę wiadomość.',
    },
    invitationNewAccount: {
      subject: 'Aktywuj konto i dołącz do wymiany danych w Konekt',
      invited: (company: string, roles: string) =>
        `Firma ${company} zaprasza Cię do wymiany dokumentów w Konekt jako ${roles}.`,
      instructions:
        'Aktywacja konta poniższym linkiem (ważnym 72 godziny, działa jeden raz) oznacza przyjęcie zaproszenia: ustawisz tam hasło. Jeśli nie chcesz dołączyć, zignoruj tę wiadomość: bez aktywacji firma nie otrzyma żadnych danych.',
      link: 'Aktywuj konto i dołącz',
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
  },
};
