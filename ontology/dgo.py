"""The dgo: terms the ontology declares (written by ``python -m ontology.closed_namespace``; do not edit)."""

from rdflib import Namespace, URIRef
from rdflib.namespace import DefinedNamespace


class DGO(DefinedNamespace):
    _NS = Namespace("https://w3id.org/dgkg/ontology#")
    _fail = True  # a term the ontology does not declare is an error, not a new IRI

    AcademicInstitution: URIRef  # Academic institution
    addresses: URIRef  # addresses
    AdministrativeRegion: URIRef  # Administrative region
    adoptedAt: URIRef  # adopted at
    affiliation: URIRef  # affiliation
    affiliationText: URIRef  # affiliation text
    Agent: URIRef  # Agent
    aims: URIRef  # aims
    aimsAt: URIRef  # aims at
    AnalyticalFramework: URIRef  # Analytical framework
    Approximately: URIRef  # approximately
    articleNumber: URIRef  # article number
    asOf: URIRef  # as of
    asOfMonth: URIRef  # as of month
    asOfYear: URIRef  # as of year
    associatedWith: URIRef  # associated with
    AtLeast: URIRef  # at least
    AtMost: URIRef  # at most
    Audience: URIRef  # Audience
    audience: URIRef  # audience
    author: URIRef  # author
    authorPosition: URIRef  # author position
    Authorship: URIRef  # Authorship
    authorshipAgent: URIRef  # authorship agent
    authorshipOf: URIRef  # authorship of
    basedOn: URIRef  # based on
    Case: URIRef  # Case
    caseOf: URIRef  # case of
    categoryOf: URIRef  # category of
    cause: URIRef  # cause
    causes: URIRef  # causes
    CentralGovernmentBody: URIRef  # Central government body
    changedOrganization: URIRef  # changed organization
    characteristic: URIRef  # characteristic
    cites: URIRef  # cites
    City: URIRef  # City
    Claim: URIRef  # Claim
    classifiedAs: URIRef  # classified as
    clcNumber: URIRef  # CLC number
    Company: URIRef  # Company
    completionYear: URIRef  # completion year
    Concept: URIRef  # Concept
    concerns: URIRef  # concerns
    connectedTo: URIRef  # connected to
    contrastsWith: URIRef  # contrasts with
    coreVariable: URIRef  # core variable
    correspondingAuthor: URIRef  # corresponding author
    Country: URIRef  # Country
    County: URIRef  # County
    CountyGovernmentBody: URIRef  # County government body
    curationRecord: URIRef  # curation record
    Database: URIRef  # Database
    DataPlatform: URIRef  # Data platform
    date: URIRef  # date
    developedBy: URIRef  # developed by
    DigitalPlatform: URIRef  # Digital platform
    DigitalService: URIRef  # Digital service
    dimensionOf: URIRef  # dimension of
    discusses: URIRef  # discusses
    dissolutionYear: URIRef  # dissolution year
    Document: URIRef  # Document
    documentNumber: URIRef  # document number
    doi: URIRef  # DOI
    editor: URIRef  # editor
    effect: URIRef  # effect
    emphasizes: URIRef  # emphasizes
    endYear: URIRef  # end year
    Event: URIRef  # Event
    exemplifies: URIRef  # exemplifies
    follows: URIRef  # follows
    foundingDate: URIRef  # founding date
    foundingYear: URIRef  # founding year
    FrameworkDimension: URIRef  # Framework dimension
    fundedBy: URIRef  # funded by
    funding: URIRef  # funding
    GeographicArea: URIRef  # Geographic area
    governanceModel: URIRef  # governance model
    GovernmentBody: URIRef  # Government body
    Grant: URIRef  # Grant
    grantNumber: URIRef  # grant number
    hasCause: URIRef  # has cause
    hasDimension: URIRef  # has dimension
    hasEffect: URIRef  # has effect
    hasMeasure: URIRef  # has measure
    hasMember: URIRef  # has member
    hasPart: URIRef  # has part
    hasPrecondition: URIRef  # has precondition
    hasProblem: URIRef  # has problem
    hasSubOrganization: URIRef  # has sub-organization
    implementedThrough: URIRef  # implemented through
    Indicator: URIRef  # Indicator
    indicator: URIRef  # indicator
    InformationSystem: URIRef  # Information system
    initiatedBy: URIRef  # initiated by
    Initiative: URIRef  # Initiative
    InternationalOrganization: URIRef  # International organization
    involves: URIRef  # involves
    issued: URIRef  # issued
    issuedMonth: URIRef  # issued month
    issuedYear: URIRef  # issued year
    issueNumber: URIRef  # issue number
    issuer: URIRef  # issuer
    journal: URIRef  # journal
    JournalArticle: URIRef  # Journal article
    jurisdiction: URIRef  # jurisdiction
    keyword: URIRef  # keyword
    launchDate: URIRef  # launch date
    launchedPlatform: URIRef  # launched platform
    launchYear: URIRef  # launch year
    LeadingGroup: URIRef  # Leading group
    leadsTo: URIRef  # leads to
    LessThan: URIRef  # less than
    locator: URIRef  # locator
    mandate: URIRef  # mandate
    measure: URIRef  # measure
    Meeting: URIRef  # Meeting
    memberOf: URIRef  # member of
    Mention: URIRef  # Mention
    mentionCount: URIRef  # mention count
    mentionDocument: URIRef  # mention document
    mentionedEntity: URIRef  # mentioned entity
    mentionedIn: URIRef  # mentioned in
    mentions: URIRef  # mentions
    MobileApplication: URIRef  # Mobile application
    MoreThan: URIRef  # more than
    MunicipalGovernmentBody: URIRef  # Municipal government body
    Nearly: URIRef  # nearly
    Network: URIRef  # Network
    nextStage: URIRef  # next stage
    openedBy: URIRef  # opened by
    operatedBy: URIRef  # operated by
    Organization: URIRef  # Organization
    OrganizationalChange: URIRef  # Organizational change
    originalOrganization: URIRef  # original organization
    outsideCuratedSources: URIRef  # outside curated sources
    pages: URIRef  # pages
    participant: URIRef  # participant
    partOf: URIRef  # part of
    PartyBody: URIRef  # Party body
    Periodisation: URIRef  # Periodisation
    Person: URIRef  # Person
    Place: URIRef  # Place
    PlatformLaunch: URIRef  # Platform launch
    PolicyDocument: URIRef  # Policy document
    precedes: URIRef  # precedes
    preconditionOf: URIRef  # precondition of
    previousStage: URIRef  # previous stage
    Programme: URIRef  # Programme
    ProgrammeGroup: URIRef  # Programme group
    proposedBy: URIRef  # proposed by
    proposedIn: URIRef  # proposed in
    proposes: URIRef  # proposes
    providesService: URIRef  # provides service
    Province: URIRef  # Province
    ProvincialGovernmentBody: URIRef  # Provincial government body
    publicationYear: URIRef  # publication year
    qualifiedAuthorship: URIRef  # qualified authorship
    quote: URIRef  # quote
    rank: URIRef  # rank
    realisedThrough: URIRef  # realised through
    Reform: URIRef  # Reform
    region: URIRef  # region
    Report: URIRef  # Report
    reportedIn: URIRef  # reported in
    reportsTo: URIRef  # reports to
    requires: URIRef  # requires
    resultingOrganization: URIRef  # resulting organization
    SourceDocument: URIRef  # Source document
    Stage: URIRef  # Stage
    stageNumber: URIRef  # stage number
    stageOf: URIRef  # stage of
    startYear: URIRef  # start year
    Statistic: URIRef  # Statistic
    statisticAbout: URIRef  # statistic about
    statisticBy: URIRef  # statistic by
    Strategy: URIRef  # Strategy
    subOrganizationOf: URIRef  # sub-organization of
    supervisedBy: URIRef  # supervised by
    TheoreticalConcept: URIRef  # Theoretical concept
    Typology: URIRef  # Typology
    TypologyCategory: URIRef  # Typology category
    unit: URIRef  # unit
    value: URIRef  # value
    ValueQualifier: URIRef  # Value qualifier
    valueQualifier: URIRef  # value qualifier
    valueQualifierScheme: URIRef  # value qualifiers
    WebPortal: URIRef  # Web portal
    withinRegion: URIRef  # within region
    year: URIRef  # year

    _extras = ["dgkg-developers"]
