//! The clause view: for each predicate, who does what to whom, when and how surely.
//!
//! Read off the dependency tree with the UD conventions: subject `nsubj` (or
//! `nsubj:pass` with the `obl:agent` "by" phrase as the agent), objects `obj`/`iobj`,
//! obliques `obl` with their `case` preposition, auxiliaries `aux`/`aux:pass`, the
//! copula `cop`, negation `advmod` "not"/"n't"/"never" (or a "no" determiner on an
//! argument), embedded clauses `ccomp` (reported speech), `xcomp` (control: "agreed to
//! send"), `advcl`, relative clauses `acl:relcl`, and coordination `conj`. A clause
//! without its own subject takes its controller's (the governing clause's object for
//! "urged Iran to stop", else its subject) or its first conjunct's; an order to those
//! under command ("ordered troops to withdraw", also when the parse hangs the "to"
//! clause on the object noun) takes the orderer, who acts through them.

use super::{rel_is, Parse, Upos};

/// Time reference read from the auxiliaries and the verb form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tense {
    Past,
    Present,
    /// "will", "shall", "'ll", "is going to", "is to".
    Future,
}

/// A modal auxiliary.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Modal {
    May,
    Might,
    Can,
    Could,
    Would,
    Should,
    Must,
}

/// How a clause hangs from its governor.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// The main clause.
    Root,
    /// Reported speech or a clausal object: "said (that) X attacked Y".
    Ccomp,
    /// A controlled complement: "agreed to send", "urged Iran to stop".
    Xcomp,
    /// An adverbial clause: "after talks collapsed", "if X attacks".
    Advcl,
    /// A coordinated predicate: "met Y and signed a deal".
    Conj,
    /// A relative clause modifying a noun: "the rebels who attacked".
    Relcl,
    /// A clausal modifier of a noun: "troops sent to the border".
    Acl,
    /// Loosely attached, as a speech verb after a quotation:
    /// "The rebels attacked the town, the army said" ("said" hangs from "attacked").
    Parataxis,
    /// A clausal subject or any other attachment.
    Other,
}

/// What a governing verb or adjective says about an `xcomp` clause.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Intent {
    /// want, wish, hope, seek
    Desire,
    /// plan, intend, aim, prepare, be set/due/expected/going to
    Plan,
    /// threaten
    Threat,
    /// promise, vow, pledge, swear
    Promise,
    /// try, attempt
    Attempt,
    /// agree, decide, offer, consent
    Agree,
    /// refuse, decline
    Refuse,
    /// urge, ask, call (on), demand, request, appeal: the object is to act
    Appeal,
    /// order, command, instruct: those who command act through those ordered ("ordered
    /// troops to withdraw" reports the withdrawal, by whoever ordered it)
    Command,
    /// be likely/unlikely/able/ready to
    Hypothetical,
}

/// A prepositional dependent: "to Iran", "on the town", "by the army".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Oblique {
    /// The preposition (`case` dependent), if any ("yesterday" has none).
    pub prep: Option<usize>,
    /// The head of the noun phrase.
    pub head: usize,
}

/// One clause. All fields are token indices into the [`Parse`].
#[derive(Debug, Clone, PartialEq)]
pub struct Clause {
    /// The main verb; for a copular clause ("X is hostile to Y") the predicate
    /// adjective or noun, with the verb in `copula`.
    pub predicate: usize,
    pub link: Link,
    /// The predicate of the clause this one is embedded in or coordinated with.
    pub governor: Option<usize>,
    /// Head of the subject phrase; for a passive, the patient ("the town was attacked").
    pub subject: Option<usize>,
    /// The subject was taken from the controller or first conjunct.
    pub subject_inherited: bool,
    pub passive: bool,
    /// The "by" phrase of a passive: the actor.
    pub agent: Option<usize>,
    /// Direct objects (their conjuncts included).
    pub objects: Vec<usize>,
    pub indirect: Option<usize>,
    /// Prepositional and bare-noun obliques (not the agent).
    pub obliques: Vec<Oblique>,
    /// Auxiliaries, left to right ("will", "have", "been").
    pub aux: Vec<usize>,
    pub copula: Option<usize>,
    pub tense: Tense,
    pub modal: Option<Modal>,
    pub negated: bool,
    /// Subordinator: "that", "if", "to", "because", "after".
    pub mark: Option<usize>,
    /// Predicates of `ccomp`/`xcomp` clauses embedded in this one.
    pub complements: Vec<usize>,
    /// For an `xcomp` clause, what its governor says about it ("threatened to strike").
    pub intent: Option<Intent>,
}

impl Clause {
    /// The actor: the agent of a passive, else the subject.
    pub fn actor(&self) -> Option<usize> {
        if self.passive {
            self.agent
        } else {
            self.subject
        }
    }

    /// The acted-on: the subject of a passive, else the first object.
    pub fn patient(&self) -> Option<usize> {
        if self.passive {
            self.subject
        } else {
            self.objects.first().copied()
        }
    }
}

fn lower(p: &Parse<'_>, i: usize) -> String {
    p.word(i).to_lowercase().replace('’', "'")
}

fn is_predicate(p: &Parse<'_>, i: usize) -> bool {
    let t = &p.tokens[i];
    if t.head.is_none() {
        return true;
    }
    let d = t.deprel;
    if rel_is(d, "aux") || d == "cop" || rel_is(d, "amod") || d == "compound" || d == "fixed" {
        return false;
    }
    if t.upos == Upos::Verb {
        return true;
    }
    // A copular or nominal predicate with its own subject or clausal role.
    p.children(i)
        .any(|k| p.tokens[k].deprel == "cop" || rel_is(p.tokens[k].deprel, "nsubj"))
        || (matches!(d, "ccomp" | "xcomp" | "advcl" | "acl:relcl")
            && matches!(t.upos, Upos::Adj | Upos::Noun | Upos::Propn))
}

fn link(deprel: &str, head: Option<usize>) -> Link {
    if head.is_none() {
        return Link::Root;
    }
    match deprel {
        "ccomp" => Link::Ccomp,
        "xcomp" => Link::Xcomp,
        "conj" => Link::Conj,
        "acl:relcl" | "advcl:relcl" => Link::Relcl,
        "acl" => Link::Acl,
        "parataxis" => Link::Parataxis,
        d if rel_is(d, "advcl") => Link::Advcl,
        _ => Link::Other,
    }
}

const IRREGULAR_PAST: &[&str] = &[
    "said",
    "met",
    "made",
    "took",
    "gave",
    "sent",
    "went",
    "came",
    "held",
    "told",
    "began",
    "fought",
    "struck",
    "shot",
    "left",
    "led",
    "won",
    "lost",
    "found",
    "brought",
    "bought",
    "thought",
    "saw",
    "knew",
    "sought",
    "spoke",
    "broke",
    "wrote",
    "drove",
    "threw",
    "flew",
    "fled",
    "stood",
    "kept",
    "got",
    "was",
    "were",
    "had",
    "did",
    "paid",
    "sold",
    "became",
    "fell",
    "rose",
    "ran",
    "felt",
    "meant",
    "heard",
    "understood",
    "withdrew",
    "overthrew",
    "seized",
    "swore",
    "forbade",
    "bore",
    "caught",
    "taught",
    "chose",
    "froze",
    "hid",
    "slew",
    "stole",
    "tore",
    "wore",
    "woke",
    "arose",
];

fn past_form(w: &str) -> bool {
    (w.len() > 3 && w.ends_with("ed")) || IRREGULAR_PAST.contains(&w)
}

/// Whether `w` (lowercase) is an inflection of the verb or adjective `base`:
/// "threatened" of "threaten", "tried" of "try", "decided" of "decide".
fn form_of(w: &str, base: &str) -> bool {
    if w == base {
        return true;
    }
    let regular = |stem: &str, sufs: &[&str]| {
        w.strip_prefix(stem)
            .is_some_and(|rest| sufs.contains(&rest))
    };
    if let Some(stem) = base.strip_suffix('e') {
        regular(stem, &["es", "ed", "ing"])
    } else if let Some(stem) = base
        .strip_suffix('y')
        .filter(|s| !s.ends_with(['a', 'e', 'o']))
    {
        regular(stem, &["ies", "ied"]) || regular(base, &["ing"])
    } else {
        regular(base, &["s", "es", "ed", "ing"])
            || base.len() <= 4 && {
                // "planned", "planning"
                let last = &base[base.len() - 1..];
                w.strip_prefix(base)
                    .and_then(|r| r.strip_prefix(last))
                    .is_some_and(|r| r == "ed" || r == "ing")
            }
    }
}

fn intent_of(p: &Parse<'_>, governor: usize) -> Option<Intent> {
    let w = lower(p, governor);
    let any = |l: &[&str]| l.iter().any(|x| form_of(&w, x));
    Some(
        if any(&[
            "want", "wish", "hope", "seek", "sought", "desire", "long", "yearn",
        ]) {
            Intent::Desire
        } else if any(&[
            "plan", "intend", "aim", "prepare", "schedule", "going", "gon", "set", "due", "expect",
            "poised", "mean", "meant", "propose",
        ]) {
            Intent::Plan
        } else if any(&["threaten"]) {
            Intent::Threat
        } else if any(&[
            "promise",
            "vow",
            "pledge",
            "swear",
            "swore",
            "sworn",
            "commit",
            "guarantee",
        ]) {
            Intent::Promise
        } else if any(&["try", "attempt", "struggle", "strive", "seek"]) {
            Intent::Attempt
        } else if any(&[
            "agree", "decide", "offer", "consent", "resolve", "elect", "vote",
        ]) {
            Intent::Agree
        } else if any(&["refuse", "decline", "reject"]) {
            Intent::Refuse
        } else if any(&[
            "urge",
            "ask",
            "call",
            "demand",
            "request",
            "appeal",
            "press",
            "tell",
            "told",
            "encourage",
            "invite",
            "force",
            "compel",
        ]) {
            Intent::Appeal
        } else if any(&["order", "command", "instruct"]) {
            Intent::Command
        } else if any(&[
            "likely",
            "unlikely",
            "able",
            "unable",
            "ready",
            "willing",
            "unwilling",
            "eager",
            "determined",
            "certain",
            "sure",
            "possible",
        ]) {
            Intent::Hypothetical
        } else {
            return None;
        },
    )
}

/// The command verb whose object a "to" clause hangs from (`acl`): "ordered
/// [gunships [to attack]]". `None` for any other clause.
fn commanded_object(p: &Parse<'_>, c: &Clause, noun: usize) -> Option<usize> {
    if c.link != Link::Acl || c.subject.is_some() || c.mark.is_none_or(|m| lower(p, m) != "to") {
        return None;
    }
    let t = p.tokens[noun];
    let g = t.head.filter(|_| rel_is(t.deprel, "obj"))?;
    (intent_of(p, g) == Some(Intent::Command)).then_some(g)
}

fn is_negation(p: &Parse<'_>, k: usize) -> bool {
    let d = p.tokens[k].deprel;
    (d == "advmod" || d == "neg" || d == "aux")
        && matches!(lower(p, k).as_str(), "not" | "n't" | "never" | "nt")
}

/// The clauses of a parse.
pub fn clauses(p: &Parse<'_>) -> Vec<Clause> {
    let n = p.tokens.len();
    let mut out: Vec<Clause> = Vec::new();
    let mut index = vec![usize::MAX; n];
    #[allow(clippy::needless_range_loop)]
    for i in 0..n {
        if !is_predicate(p, i) {
            continue;
        }
        let t = p.tokens[i];
        let mut c = Clause {
            predicate: i,
            link: link(t.deprel, t.head),
            governor: None,
            subject: None,
            subject_inherited: false,
            passive: false,
            agent: None,
            objects: Vec::new(),
            indirect: None,
            obliques: Vec::new(),
            aux: Vec::new(),
            copula: None,
            tense: Tense::Present,
            modal: None,
            negated: false,
            mark: None,
            complements: Vec::new(),
            intent: None,
        };
        for k in p.children(i) {
            let d = p.tokens[k].deprel;
            match d {
                _ if rel_is(d, "nsubj") || rel_is(d, "csubj") => {
                    if c.subject.is_none() || d != "nsubj:outer" {
                        c.subject = Some(k);
                    }
                    c.passive |= d.ends_with(":pass");
                }
                "obj" => c.objects.push(k),
                "iobj" => c.indirect = Some(k),
                "obl:agent" => c.agent = Some(k),
                _ if rel_is(d, "obl") => c.obliques.push(Oblique {
                    prep: p.prep(k),
                    head: k,
                }),
                "aux:pass" => {
                    c.passive = true;
                    c.aux.push(k);
                }
                "aux" if is_negation(p, k) => c.negated = true,
                "aux" => c.aux.push(k),
                "cop" => c.copula = Some(k),
                "mark" => c.mark = c.mark.or(Some(k)),
                "ccomp" | "xcomp" => c.complements.push(k),
                _ if is_negation(p, k) => c.negated = true,
                _ => {}
            }
        }
        // "removed the sign, set tires ablaze, and pelted the compound": a subjectless
        // verb the parser hung loosely after its governor is a coordinated predicate (a
        // true parataxis, "…, the army said", has its own subject).
        if c.link == Link::Parataxis
            && c.subject.is_none()
            && t.upos == Upos::Verb
            && t.head.is_some_and(|h| h < i)
            && (p.child(i, "cc").is_some() || past_form(&lower(p, i)))
        {
            c.link = Link::Conj;
        }
        // Conjoined objects: "attacked X and Y".
        let mut k = 0;
        while k < c.objects.len() {
            let o = c.objects[k];
            for j in p.children(o) {
                if p.tokens[j].deprel == "conj" && p.tokens[j].upos.is_nominal() {
                    c.objects.push(j);
                }
            }
            k += 1;
        }
        // A "by" oblique of a passive is its agent when the parser called it plain obl.
        if c.passive && c.agent.is_none() {
            if let Some(pos) = c
                .obliques
                .iter()
                .position(|o| o.prep.is_some_and(|pr| lower(p, pr) == "by"))
            {
                c.agent = Some(c.obliques.remove(pos).head);
            }
        }
        if !c.negated {
            // "No troops were sent", "sent no troops", "nobody was arrested"; not the "no"
            // of a compound ("filed a no-confidence motion", "a no-fly zone").
            let args = c.subject.into_iter().chain(c.objects.iter().copied());
            c.negated = args.collect::<Vec<_>>().into_iter().any(|a| {
                matches!(
                    lower(p, a).as_str(),
                    "nobody" | "nothing" | "none" | "noone"
                ) || p.children(a).any(|d| {
                    p.tokens[d].deprel == "det"
                        && lower(p, d) == "no"
                        && !(d + 1 < p.tokens.len() && lower(p, d + 1) == "-")
                })
            });
        }
        // Tense and modality from the auxiliaries, then the verb form.
        let mut tense = None;
        for &a in &c.aux {
            match lower(p, a).as_str() {
                "will" | "shall" | "'ll" | "wo" | "ll" => tense = Some(Tense::Future),
                "may" => c.modal = Some(Modal::May),
                "might" => c.modal = Some(Modal::Might),
                "can" | "ca" => c.modal = Some(Modal::Can),
                "could" => c.modal = Some(Modal::Could),
                "would" | "'d" => c.modal = Some(Modal::Would),
                "should" | "ought" => c.modal = Some(Modal::Should),
                "must" => c.modal = Some(Modal::Must),
                "did" | "was" | "were" | "had" | "has" | "have" | "'ve" => {
                    tense = tense.or(Some(Tense::Past))
                }
                "do" | "does" | "is" | "are" | "am" | "'s" | "'re" | "'m" | "be" | "being" => {
                    tense = tense.or(Some(Tense::Present))
                }
                _ => {}
            }
        }
        if c.modal.is_some() && tense == Some(Tense::Present) {
            tense = None;
        }
        c.tense = tense.unwrap_or_else(|| {
            let w = match c.copula {
                Some(cop) => lower(p, cop),
                None => lower(p, i),
            };
            if c.modal.is_none() && past_form(&w) && c.mark.is_none_or(|m| lower(p, m) != "to") {
                Tense::Past
            } else {
                Tense::Present
            }
        });
        index[i] = out.len();
        out.push(c);
    }
    // Governors, inherited subjects, intents and "going to"; in tree order so a
    // chain ("agreed to try to send") inherits from the top.
    let mut order: Vec<usize> = (0..out.len()).collect();
    let depth = |i: usize| {
        let mut d = 0;
        let mut k = i;
        while let Some(h) = p.tokens[k].head {
            d += 1;
            k = h;
            if d > n {
                break;
            }
        }
        d
    };
    order.sort_by_key(|&c| depth(out[c].predicate));
    for ci in order {
        let pred = out[ci].predicate;
        let Some(h) = p.tokens[pred].head else {
            continue;
        };
        // A relative clause's "who"/"which"/"that" subject is the noun it modifies.
        if out[ci].link == Link::Relcl
            && out[ci]
                .subject
                .is_some_and(|s| matches!(lower(p, s).as_str(), "who" | "which" | "that"))
        {
            out[ci].subject = Some(h);
        }
        // "ordered gunships to attack", "ordered police to disperse the crowd": the "to"
        // clause is often parsed as the object noun's; it is the order's complement.
        let h = match commanded_object(p, &out[ci], h) {
            Some(g) if index[g] != usize::MAX => {
                out[ci].link = Link::Xcomp;
                g
            }
            _ => h,
        };
        if index[h] == usize::MAX {
            continue;
        }
        out[ci].governor = Some(h);
        let g = out[index[h]].clone();
        match out[ci].link {
            Link::Xcomp => {
                out[ci].intent = intent_of(p, h);
                // Those under command ("troops", "police") are no proper name; an order
                // to a named state ("ordered Israel to withdraw") is a demand of it.
                let subordinates = g
                    .objects
                    .first()
                    .is_none_or(|&o| p.tokens[o].upos != Upos::Propn);
                if out[ci].intent == Some(Intent::Command) && !subordinates {
                    out[ci].intent = Some(Intent::Appeal);
                }
                if out[ci].intent == Some(Intent::Command) && out[ci].subject.is_none() {
                    // The order is the orderer's act, carried out when it was given (the
                    // tense below).
                    out[ci].subject = g.actor().or(g.subject);
                    out[ci].passive = false;
                    out[ci].subject_inherited = true;
                }
                if out[ci].subject.is_none() {
                    out[ci].subject = g.objects.first().copied().or(g.subject);
                    out[ci].subject_inherited = true;
                }
                let going = matches!(lower(p, h).as_str(), "going" | "gon");
                if going && g.tense != Tense::Past || g.tense == Tense::Future {
                    out[ci].tense = Tense::Future;
                } else if out[ci].tense == Tense::Present && g.copula.is_none() {
                    out[ci].tense = g.tense;
                }
                if out[ci].modal.is_none() {
                    out[ci].modal = g.modal;
                }
            }
            Link::Conj => {
                if out[ci].subject.is_none() && g.subject.is_some() {
                    out[ci].subject = g.subject;
                    out[ci].subject_inherited = true;
                    out[ci].passive |= g.passive && out[ci].objects.is_empty();
                    if out[ci].agent.is_none() && out[ci].passive {
                        out[ci].agent = g.agent;
                    }
                }
                if out[ci].aux.is_empty() && out[ci].copula.is_none() {
                    if g.tense == Tense::Future {
                        out[ci].tense = Tense::Future;
                    }
                    out[ci].modal = out[ci].modal.or(g.modal);
                }
            }
            _ => {}
        }
    }
    out
}
