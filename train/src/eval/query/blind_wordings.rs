//! The fifth held-out set (2026-12-05, session 28): genre wordings written
//! blind. The 1,000 templated requests reuse 52 genre wordings, so a few of
//! them decide their genre F1 (one paraphrase read right or wrong moves it
//! by about 0.02). A helper agent told not to read the repository wrote 10
//! per MovieLens genre: 4 saying the genre plainly or by an everyday synonym
//! (direct) and 6 describing it without naming it (indirect). They replace
//! the genre wording of the same test requests. A wording is dropped where
//! it repeats an evaluation, development or training wording, and an
//! indirect one also where it shares a content word with the shipped
//! reader's training wordings of its genre (those taught it that cue);
//! the report lists what was dropped and why. Nothing is chosen on this set:
//! it measures the shipped reader as it is.

use anyhow::Result;
use dualrec::engine::Engine;
use dualrec::pipeline::request::{is_stop, words, QueryWeights, UnreadPhrases};

use super::{evaluate, measure, paired_difference, paired_wording_ci_at, percentile, Compared, Measured, Query, Row, DEV_WORDINGS, GENRE_WORDS, READER_DEV_WORDINGS};
use std::collections::BTreeMap;

/// Resamples of wordings for a dealt set's test interval.
const TEST_RESAMPLES: usize = 10_000;
use crate::models::lora::requests::{NO_GENRE, TRAIN_WORDINGS};
use crate::protocol;
use crate::rng::SplitMix;

// The fifth to ninth sets, as the helpers wrote them (genre, kind, wording);
// the library holds them since they became example phrases.
pub(crate) use dualrec::pipeline::written_requests::{WordingKind as Kind, EIGHTH_SET as BLIND_GENRE_WORDINGS_8, FIFTH_SET as BLIND_GENRE_WORDINGS, NINTH_SET as BLIND_GENRE_WORDINGS_9, SEVENTH_SET as BLIND_GENRE_WORDINGS_7, SIXTH_SET as BLIND_GENRE_WORDINGS_6};
use Kind::{Direct as D, Indirect as I};

/// The report's description of the sixth set.
pub(crate) const BLIND_6_WHAT: &str = "written on 2026-12-05 (session 28) by a second helper agent told not to read the repository or the fifth set, after the soft-genre candidate was pre-registered: 10 genre wordings per MovieLens genre (3 direct, 7 indirect), dropped by the fifth set's rule and where they repeat a fifth-set wording; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); nothing is chosen on it; it decides the soft-genre candidate (docs/eval/soft-llm-genres/README.md)";

pub(crate) const BLIND_7_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository, before the genre-exemplar candidate was built and read by no reader before its pre-registration (docs/eval/genre-exemplars/README.md): 12 genre wordings per MovieLens genre (4 direct, 8 indirect); dropped by the fifth set's rule and where they repeat a fifth- or sixth-set wording or one of the example phrases (src/pipeline/genre_exemplars.rs); put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar candidate";

pub(crate) const BLIND_8_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository or any earlier set, after the llm-then-exemplars candidate was designed, and read by no reader before its pre-registration (docs/eval/llm-then-exemplars/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth-, sixth- or seventh-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the llm-then-exemplars candidate";

pub(crate) const BLIND_9_WHAT: &str = "written on 2026-12-05 (session 30) by a helper agent told not to read the repository, /tmp or any earlier set, after the exemplar-override candidate was designed, and read by no reader before its pre-registration (docs/eval/exemplar-override/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to eighth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar-override candidate";

/// The tenth held-out set, as the helper wrote them (genre, kind, wording): see [`BLIND_10_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_10: &[(&str, Kind, &str)] = &[
    ("Action", D, "an action movie"),
    ("Action", D, "show me some action flicks"),
    ("Action", D, "I want a good action film tonight"),
    ("Action", D, "something packed with action"),
    ("Action", D, "find me a high octane action picture"),
    ("Action", I, "a retired special forces guy takes on a whole gang by himself"),
    ("Action", I, "show me something with lots of fistfights and shootouts"),
    ("Action", I, "a cop has to stop a bomb on a speeding train"),
    ("Action", I, "anything where the hero leaps off a rooftop while a building blows up behind him"),
    ("Action", I, "I want nonstop fight scenes and huge stunts"),
    ("Action", I, "a film about a mercenary rescuing hostages from a heavily armed compound"),
    ("Action", I, "one guy against an army of henchmen with nothing but his fists"),
    ("Adventure", D, "an adventure movie"),
    ("Adventure", D, "show me adventure films"),
    ("Adventure", D, "I'm in the mood for a big adventure"),
    ("Adventure", D, "something adventurous for tonight"),
    ("Adventure", D, "find me an adventure flick"),
    ("Adventure", I, "explorers searching for a lost city in the jungle"),
    ("Adventure", I, "a film about a treasure hunt with an old map"),
    ("Adventure", I, "show me something where a crew sails to an uncharted island"),
    ("Adventure", I, "a daring expedition across the desert to find an ancient temple"),
    ("Adventure", I, "anything with pirates hunting for buried gold"),
    ("Adventure", I, "I want a long journey over mountains and rivers to a faraway land"),
    ("Adventure", I, "a young girl sets off around the globe to find her missing father"),
    ("Animation", D, "an animated movie"),
    ("Animation", D, "show me some animation"),
    ("Animation", D, "I want an animated feature"),
    ("Animation", D, "anything animated"),
    ("Animation", D, "find me a computer animated film"),
    ("Animation", I, "a movie made with little clay puppets moved frame by frame"),
    ("Animation", I, "something from one of those studios that makes movies about talking toys and fish"),
    ("Animation", I, "the kind with colorful drawn characters and songs, like those princess ones"),
    ("Animation", I, "a film where voice actors play talking cars"),
    ("Animation", I, "show me something from japan with hand painted backgrounds and forest spirits"),
    ("Animation", I, "a movie where every frame is drawn by artists instead of filmed with real people"),
    ("Animation", I, "I want something with all computer generated characters and no real actors"),
    ("Children's", D, "a kids movie"),
    ("Children's", D, "show me children's films"),
    ("Children's", D, "something for children"),
    ("Children's", D, "I want a family friendly kids film"),
    ("Children's", D, "find me a movie for little kids"),
    ("Children's", I, "something my five year old can watch"),
    ("Children's", I, "a film about a boy and his puppy who learn to be best friends"),
    ("Children's", I, "show me something gentle for a toddler before bedtime"),
    ("Children's", I, "a movie we can put on at my son's birthday party"),
    ("Children's", I, "I need something with no swearing or violence that a second grader would enjoy"),
    ("Children's", I, "a story where a bunch of schoolkids save their summer camp from closing"),
    ("Children's", I, "anything the grandkids can watch without me worrying about what's on screen"),
    ("Comedy", D, "a comedy"),
    ("Comedy", D, "show me something funny"),
    ("Comedy", D, "I want a good comedy film"),
    ("Comedy", D, "anything hilarious"),
    ("Comedy", D, "find me a silly comedy"),
    ("Comedy", I, "I need a good chuckle after a long day"),
    ("Comedy", I, "two clueless roommates accidentally get hired at a fancy law firm"),
    ("Comedy", I, "a family road trip where everything goes wrong and dad keeps making it worse"),
    ("Comedy", I, "show me people tripping over things and getting pies in the face"),
    ("Comedy", I, "something lighthearted full of goofy jokes"),
    ("Comedy", I, "a nervous groom whose bachelor party weekend spirals out of control"),
    ("Comedy", I, "a guy pretends to be his own twin to date two women at once"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "show me crime films"),
    ("Crime", D, "I want a gritty crime flick"),
    ("Crime", D, "something about crime and criminals"),
    ("Crime", D, "find me a good gangster movie"),
    ("Crime", I, "a crew of thieves plans to rob a casino vault"),
    ("Crime", I, "a film about a mafia family fighting over the family business"),
    ("Crime", I, "show me something about drug dealers and the detectives chasing them"),
    ("Crime", I, "the rise of a mob boss who takes over the whole city"),
    ("Crime", I, "anything with con men swindling rich people out of their money"),
    ("Crime", I, "I want to watch a cop going undercover inside a cartel"),
    ("Crime", I, "a movie about a getaway driver who gets mixed up with the wrong people"),
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "show me some documentaries"),
    ("Documentary", D, "I want to watch a doc"),
    ("Documentary", D, "find me a documentary film"),
    ("Documentary", D, "something nonfiction"),
    ("Documentary", I, "something real about how the pyramids were built"),
    ("Documentary", I, "a film following real climbers attempting to summit a mountain, with interviews"),
    ("Documentary", I, "show me footage of wild animals on the savanna narrated by a calm british voice"),
    ("Documentary", I, "I want to learn about the deep ocean with real footage"),
    ("Documentary", I, "the history of the space race told through archive footage and interviews"),
    ("Documentary", I, "a film that follows real chefs working in a busy restaurant kitchen"),
    ("Documentary", I, "anything educational about how the food industry actually works"),
    ("Drama", D, "a drama"),
    ("Drama", D, "show me a serious drama"),
    ("Drama", D, "I want a good dramatic film"),
    ("Drama", D, "something dramatic"),
    ("Drama", D, "find me a family drama"),
    ("Drama", I, "a story about a family dealing with their father's illness"),
    ("Drama", I, "something heavy and emotional about grief"),
    ("Drama", I, "a film about a struggling single mom trying to keep her kids fed"),
    ("Drama", I, "show me a character study about a man coming to terms with his past"),
    ("Drama", I, "I want something that really makes me think about life"),
    ("Drama", I, "two brothers who haven't spoken in years reunite at their mother's funeral"),
    ("Drama", I, "a moving story about a teacher who changes her students' lives"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "show me fantasy films"),
    ("Fantasy", D, "something in the fantasy genre"),
    ("Fantasy", D, "I want an epic fantasy"),
    ("Fantasy", D, "find me a sword and sorcery flick"),
    ("Fantasy", I, "wizards and dragons in an enchanted kingdom"),
    ("Fantasy", I, "a film about an elf and a dwarf fighting an evil sorcerer"),
    ("Fantasy", I, "show me something with magic spells and mythical creatures"),
    ("Fantasy", I, "a farm boy learns he's destined to wield an enchanted sword"),
    ("Fantasy", I, "anything set in a magical realm with fairies and trolls"),
    ("Fantasy", I, "I want a story where kids find a secret door to a magical world"),
    ("Fantasy", I, "a knight sets out to slay a dragon and break a witch's curse"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "show me some classic noir"),
    ("Film-Noir", D, "I want an old black and white noir"),
    ("Film-Noir", D, "something noir"),
    ("Film-Noir", D, "find me a noir detective picture from the forties"),
    ("Film-Noir", I, "a cynical private eye in a trench coat, smoky office, rain on the window, all in black and white"),
    ("Film-Noir", I, "a femme fatale lures a down on his luck man into a murder plot"),
    ("Film-Noir", I, "show me a forties black and white movie with deep shadows, cigarettes and a double cross"),
    ("Film-Noir", I, "something moody with venetian blind shadows and a doomed insurance salesman"),
    ("Film-Noir", I, "a bitter detective narrates his own downfall in a corrupt city"),
    ("Film-Noir", I, "I want an old movie where a dame walks into a detective's office bringing trouble"),
    ("Film-Noir", I, "anything with a world weary gumshoe, a crooked cop and a blonde with a gun"),
    ("Horror", D, "a horror movie"),
    ("Horror", D, "show me some horror"),
    ("Horror", D, "I want a horror flick tonight"),
    ("Horror", D, "something creepy"),
    ("Horror", D, "find me a frightening film"),
    ("Horror", I, "a family moves into a house where something lives in the walls"),
    ("Horror", I, "a masked killer stalks teenagers at a summer camp"),
    ("Horror", I, "show me something that'll keep me up all night with the lights on"),
    ("Horror", I, "anything with demons, possessions and exorcisms"),
    ("Horror", I, "I want zombies tearing through a small town"),
    ("Horror", I, "a group of friends get lost in the woods and something starts hunting them"),
    ("Horror", I, "a film about a haunted doll that won't stay in the closet"),
    ("Musical", D, "a musical"),
    ("Musical", D, "show me musicals"),
    ("Musical", D, "I want a movie musical"),
    ("Musical", D, "a song and dance movie"),
    ("Musical", D, "find me a broadway style musical film"),
    ("Musical", I, "characters who suddenly break into song in the middle of the street"),
    ("Musical", I, "a film where everyone sings their feelings"),
    ("Musical", I, "show me something with big choreographed dance numbers and show tunes"),
    ("Musical", I, "a story told mostly through songs about a girl dreaming of the big stage"),
    ("Musical", I, "anything with tap dancing and a full orchestra"),
    ("Musical", I, "I want to sing along to the whole movie"),
    ("Musical", I, "a theater troupe putting on a show, with a new song every few minutes"),
    ("Mystery", D, "a mystery"),
    ("Mystery", D, "show me mystery movies"),
    ("Mystery", D, "I want a good mystery"),
    ("Mystery", D, "something mysterious"),
    ("Mystery", D, "find me a murder mystery"),
    ("Mystery", I, "a detective gathers all the guests in the library to reveal the killer"),
    ("Mystery", I, "a puzzle with lots of clues where I can guess who did it"),
    ("Mystery", I, "show me something where a body is found on a train and everyone is a suspect"),
    ("Mystery", I, "a small town sheriff tries to figure out why a girl vanished without a trace"),
    ("Mystery", I, "anything with a clever sleuth piecing together clues"),
    ("Mystery", I, "I want to work out who the culprit is before the big reveal"),
    ("Mystery", I, "an amateur sleuth investigates a locked room death at an old manor"),
    ("Romance", D, "a romance"),
    ("Romance", D, "show me a romantic movie"),
    ("Romance", D, "I want a love story"),
    ("Romance", D, "something romantic for date night"),
    ("Romance", D, "find me a romantic film"),
    ("Romance", I, "two strangers meet on a train and fall for each other"),
    ("Romance", I, "a film about childhood sweethearts who reunite years later"),
    ("Romance", I, "show me something where they kiss in the rain at the end"),
    ("Romance", I, "something sweet for couples to watch on valentine's day"),
    ("Romance", I, "a wedding planner who falls for the groom's brother"),
    ("Romance", I, "I want a story about two people who write letters across an ocean and fall in love"),
    ("Romance", I, "anything with a summer fling that turns into something more"),
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "show me science fiction"),
    ("Sci-Fi", D, "I want some sci fi"),
    ("Sci-Fi", D, "something futuristic"),
    ("Sci-Fi", D, "find me a good science fiction film"),
    ("Sci-Fi", I, "astronauts on a spaceship find something alien on a distant moon"),
    ("Sci-Fi", I, "a film about robots becoming self aware"),
    ("Sci-Fi", I, "show me something with time travel"),
    ("Sci-Fi", I, "a future where humans have colonized mars"),
    ("Sci-Fi", I, "anything with laser guns and starships"),
    ("Sci-Fi", I, "I want a story about an artificial intelligence that takes over the world"),
    ("Sci-Fi", I, "a crew in cryosleep wakes up light years from earth"),
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "show me a thriller"),
    ("Thriller", D, "I want something suspenseful"),
    ("Thriller", D, "find me an edge of your seat thriller"),
    ("Thriller", D, "a psychological thriller"),
    ("Thriller", I, "a woman realizes the man she married isn't who he says he is"),
    ("Thriller", I, "something tense with my heart pounding until the very end"),
    ("Thriller", I, "a man is framed and has to clear his name while on the run"),
    ("Thriller", I, "show me something where a stalker won't leave a family alone"),
    ("Thriller", I, "a hostage negotiator races the clock to save a kidnapped child"),
    ("Thriller", I, "a journalist uncovers a conspiracy and now someone wants her dead"),
    ("Thriller", I, "I want a cat and mouse game between a hunted witness and a hitman"),
    ("War", D, "a war movie"),
    ("War", D, "show me war films"),
    ("War", D, "I want a good war picture"),
    ("War", D, "something about war"),
    ("War", D, "find me a world war two movie"),
    ("War", I, "soldiers storm a beach under heavy fire"),
    ("War", I, "a platoon stuck behind enemy lines in the jungle"),
    ("War", I, "show me something about a bomber crew flying missions over germany"),
    ("War", I, "a film about troops in the trenches waiting for the order to go over the top"),
    ("War", I, "anything with tanks, battlefields and a squad fighting to survive"),
    ("War", I, "I want a story about a medic saving wounded men on the front lines"),
    ("War", I, "a submarine crew trapped deep underwater while being hunted by destroyers"),
    ("Western", D, "a western"),
    ("Western", D, "show me a cowboy movie"),
    ("Western", D, "I want a good old western"),
    ("Western", D, "something with cowboys"),
    ("Western", D, "find me a spaghetti western"),
    ("Western", I, "a drifter rides into a dusty frontier town"),
    ("Western", I, "a sheriff and a band of outlaws face off at high noon"),
    ("Western", I, "show me a cattle drive across the open range"),
    ("Western", I, "anything with saloons, six shooters and horse thieves"),
    ("Western", I, "a bounty hunter tracks a bandit across the desert on horseback"),
    ("Western", I, "I want a showdown on a dusty main street at sunset"),
    ("Western", I, "a film about settlers in covered wagons heading out into wild territory"),
];

/// The report's description of the tenth set.
pub(crate) const BLIND_10_WHAT: &str = "written on 2026-12-05 (session 31) by a helper agent told not to read the repository, /tmp or any earlier set (and to avoid a few stock phrasings), after the written-requests candidate was designed, and read by no reader before its pre-registration (docs/eval/written-requests/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to ninth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate";

/// The eleventh held-out set, as the helper wrote them (genre, kind, wording): see [`BLIND_11_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_11: &[(&str, Kind, &str)] = &[
    ("Action", D, "an action movie"),
    ("Action", D, "something with lots of action"),
    ("Action", D, "show me a high-octane action film"),
    ("Action", D, "i'm in the mood for an action flick"),
    ("Action", D, "got any good action pictures"),
    ("Action", I, "a hero fighting his way through armed goons"),
    ("Action", I, "something with shootouts and fistfights nonstop"),
    ("Action", I, "a film full of stunts and big brawls"),
    ("Action", I, "show me a lone commando taking down a whole army"),
    ("Action", I, "i want punches kicks and gunfire"),
    ("Action", I, "a muscle-bound hero blowing stuff up"),
    ("Action", I, "martial arts showdowns and rooftop brawls"),
    ("Adventure", D, "an adventure movie"),
    ("Adventure", D, "something adventurous"),
    ("Adventure", D, "show me a big adventure film"),
    ("Adventure", D, "i'm in the mood for an adventure"),
    ("Adventure", D, "got any swashbuckling adventures"),
    ("Adventure", I, "a quest for buried treasure in the jungle"),
    ("Adventure", I, "explorers trekking through uncharted lands"),
    ("Adventure", I, "something about a daring journey to a lost city"),
    ("Adventure", I, "a film with pirates hunting for gold"),
    ("Adventure", I, "show me an expedition across mountains and deserts"),
    ("Adventure", I, "heroes sailing off to faraway islands"),
    ("Adventure", I, "i want a globe-trotting treasure hunt"),
    ("Animation", D, "an animated movie"),
    ("Animation", D, "something animated"),
    ("Animation", D, "show me a cartoon"),
    ("Animation", D, "i'm in the mood for some animation"),
    ("Animation", D, "got any anime films"),
    ("Animation", I, "a film made entirely with drawings"),
    ("Animation", I, "something made with stop-motion puppets"),
    ("Animation", I, "show me a pixar-style computer rendered feature"),
    ("Animation", I, "a movie where everything is drawn by hand"),
    ("Animation", I, "claymation please"),
    ("Animation", I, "characters brought to life frame by frame"),
    ("Animation", I, "no real actors just voices and drawings"),
    ("Children's", D, "a children's movie"),
    ("Children's", D, "something for children"),
    ("Children's", D, "show me a family film for the little ones"),
    ("Children's", D, "i'm in the mood for a kid-friendly film"),
    ("Children's", D, "got any movies for young kids"),
    ("Children's", I, "something my six year old can watch"),
    ("Children's", I, "a film safe for toddlers"),
    ("Children's", I, "something to put on for my niece and nephew"),
    ("Children's", I, "a gentle film with no bad language for little ones"),
    ("Children's", I, "a g-rated movie"),
    ("Children's", I, "something to keep the kindergarteners busy"),
    ("Children's", I, "a movie for a slumber party of eight year olds"),
    ("Comedy", D, "a comedy"),
    ("Comedy", D, "something funny"),
    ("Comedy", D, "show me a hilarious movie"),
    ("Comedy", D, "i'm in the mood for a good comedy"),
    ("Comedy", D, "got anything humorous"),
    ("Comedy", I, "something with lots of goofy jokes"),
    ("Comedy", I, "a film that'll have me in stitches"),
    ("Comedy", I, "show me pratfalls and silly gags"),
    ("Comedy", I, "i want to giggle all night"),
    ("Comedy", I, "a movie with witty one-liners and awkward situations"),
    ("Comedy", I, "something light with a bunch of zingers"),
    ("Comedy", I, "a bumbling idiot getting into absurd mishaps"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "something about crime"),
    ("Crime", D, "show me a crime drama"),
    ("Crime", D, "i'm in the mood for a gangster film"),
    ("Crime", D, "got any mob movies"),
    ("Crime", I, "a heist crew planning to rob a bank"),
    ("Crime", I, "something about the mafia and a family business"),
    ("Crime", I, "show me drug lords and dirty cops"),
    ("Crime", I, "a con artist pulling off one last scam"),
    ("Crime", I, "mobsters laundering money in vegas"),
    ("Crime", I, "detectives chasing a ring of car thieves"),
    ("Crime", I, "i want hitmen and crooked lawyers"),
    ("Documentary", D, "a documentary"),
    ("Documentary", D, "something documentary style"),
    ("Documentary", D, "show me a good doc"),
    ("Documentary", D, "i'm in the mood for a nature documentary"),
    ("Documentary", D, "got any nonfiction films"),
    ("Documentary", I, "real footage about how the pyramids were built"),
    ("Documentary", I, "something with interviews of real people about their lives"),
    ("Documentary", I, "a film that teaches me about climate change"),
    ("Documentary", I, "an investigation into a real scandal using archival footage"),
    ("Documentary", I, "narrated footage of wild animals in africa"),
    ("Documentary", I, "something informative about the history of the printing press"),
    ("Documentary", I, "i want to learn something about the ocean floor"),
    ("Drama", D, "a drama"),
    ("Drama", D, "something dramatic"),
    ("Drama", D, "show me a serious drama"),
    ("Drama", D, "i'm in the mood for a heavy drama"),
    ("Drama", D, "got any dramatic films"),
    ("Drama", I, "a film about a family falling apart"),
    ("Drama", I, "something emotional about grief and loss"),
    ("Drama", I, "show me a character study with powerful performances"),
    ("Drama", I, "a slow serious film about ordinary people's struggles"),
    ("Drama", I, "something that'll make me think about life"),
    ("Drama", I, "i want a moving story about addiction and recovery"),
    ("Drama", I, "a quiet film about a father and son reconciling"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "something fantastical"),
    ("Fantasy", D, "show me a fantasy epic"),
    ("Fantasy", D, "i'm in the mood for high fantasy"),
    ("Fantasy", D, "got any sword and sorcery"),
    ("Fantasy", I, "wizards and dragons"),
    ("Fantasy", I, "a film with elves dwarves and an enchanted ring"),
    ("Fantasy", I, "something with magic spells and mythical creatures"),
    ("Fantasy", I, "show me a boy discovering he has magical powers"),
    ("Fantasy", I, "a realm of knights trolls and sorcerers"),
    ("Fantasy", I, "i want unicorns fairies and enchanted forests"),
    ("Fantasy", I, "a quest to defeat a dark lord"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "something noir"),
    ("Film-Noir", D, "show me a classic noir picture"),
    ("Film-Noir", D, "i'm in the mood for some old noir"),
    ("Film-Noir", D, "got any black and white noir films"),
    ("Film-Noir", I, "a hard-boiled private eye in 1940s los angeles"),
    ("Film-Noir", I, "femme fatales and shadowy rain-soaked streets"),
    ("Film-Noir", I, "something with a cynical detective and a double-cross"),
    ("Film-Noir", I, "smoky nightclubs and venetian blind shadows"),
    ("Film-Noir", I, "a doomed sap seduced into murder by a dame"),
    ("Film-Noir", I, "i want trench coats fedoras and moody voiceovers"),
    ("Film-Noir", I, "old hollywood tale of greed lust and betrayal"),
    ("Horror", D, "a horror movie"),
    ("Horror", D, "something terrifying"),
    ("Horror", D, "show me a good horror film"),
    ("Horror", D, "i'm in the mood for something creepy"),
    ("Horror", D, "got any spooky flicks"),
    ("Horror", I, "a haunted house with a vengeful ghost"),
    ("Horror", I, "something with a masked killer stalking teenagers"),
    ("Horror", I, "zombies eating people"),
    ("Horror", I, "show me demonic possession and exorcisms"),
    ("Horror", I, "a film that'll keep me from sleeping tonight"),
    ("Horror", I, "i want blood gore and screaming"),
    ("Horror", I, "a cursed doll that comes to life"),
    ("Musical", D, "a musical"),
    ("Musical", D, "something musical"),
    ("Musical", D, "show me a broadway musical adaptation"),
    ("Musical", D, "i'm in the mood for a movie musical"),
    ("Musical", D, "got any good musicals"),
    ("Musical", I, "characters bursting into song"),
    ("Musical", I, "show tunes and big choreographed numbers"),
    ("Musical", I, "something where everyone sings their feelings"),
    ("Musical", I, "a film with tap dancing and a big finale number"),
    ("Musical", I, "i want catchy song numbers between scenes"),
    ("Musical", I, "a film where people break into dance in the streets"),
    ("Musical", I, "lavish production numbers like old hollywood"),
    ("Mystery", D, "a mystery movie"),
    ("Mystery", D, "something mysterious"),
    ("Mystery", D, "show me a good mystery"),
    ("Mystery", D, "i'm in the mood for a murder mystery"),
    ("Mystery", D, "got any mystery films"),
    ("Mystery", I, "a detective gathering suspects in the drawing room"),
    ("Mystery", I, "figuring out who killed the host at a dinner party"),
    ("Mystery", I, "something with clues and a surprising culprit"),
    ("Mystery", I, "show me a sleuth solving a puzzling case"),
    ("Mystery", I, "an amateur detective in a quiet english village"),
    ("Mystery", I, "i want to guess the killer before the end"),
    ("Mystery", I, "a locked room puzzle with a brilliant investigator"),
    ("Romance", D, "a romance"),
    ("Romance", D, "something romantic"),
    ("Romance", D, "show me a romantic film"),
    ("Romance", D, "i'm in the mood for a romance movie"),
    ("Romance", D, "got any romantic pictures"),
    ("Romance", I, "two people falling head over heels"),
    ("Romance", I, "something about star-crossed lovers"),
    ("Romance", I, "a couple meeting on a train and falling for each other"),
    ("Romance", I, "a first kiss in the rain"),
    ("Romance", I, "i want a swoony date night film"),
    ("Romance", I, "soulmates separated by circumstance finding their way back"),
    ("Romance", I, "a film about a summer fling that becomes something more"),
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "something science fiction"),
    ("Sci-Fi", D, "show me some sci-fi"),
    ("Sci-Fi", D, "i'm in the mood for a science fiction film"),
    ("Sci-Fi", D, "got any good sci fi flicks"),
    ("Sci-Fi", I, "robots and artificial intelligence taking over"),
    ("Sci-Fi", I, "astronauts exploring a distant planet"),
    ("Sci-Fi", I, "something about time travel paradoxes"),
    ("Sci-Fi", I, "show me aliens making first contact with earth"),
    ("Sci-Fi", I, "a dystopian future with cloned humans"),
    ("Sci-Fi", I, "i want interstellar travel and warp drives"),
    ("Sci-Fi", I, "life aboard a space station centuries from now"),
    ("Thriller", D, "a thriller"),
    ("Thriller", D, "something thrilling"),
    ("Thriller", D, "show me a tense thriller"),
    ("Thriller", D, "i'm in the mood for a psychological thriller"),
    ("Thriller", D, "got any suspense films"),
    ("Thriller", I, "something tense where the clock is ticking"),
    ("Thriller", I, "a woman realizing her husband is trying to kill her"),
    ("Thriller", I, "show me a hostage situation with nail-biting tension"),
    ("Thriller", I, "cat and mouse between a stalker and his prey"),
    ("Thriller", I, "i want my heart pounding the whole time"),
    ("Thriller", I, "a conspiracy where nobody can be trusted"),
    ("Thriller", I, "a man framed for murder racing to clear his name"),
    ("War", D, "a war movie"),
    ("War", D, "something about war"),
    ("War", D, "show me a war film"),
    ("War", D, "i'm in the mood for a wartime epic"),
    ("War", D, "got any good war pictures"),
    ("War", I, "soldiers storming the beaches of normandy"),
    ("War", I, "a platoon trapped behind enemy lines"),
    ("War", I, "something set in the trenches of world war one"),
    ("War", I, "show me fighter pilots in the battle of britain"),
    ("War", I, "a submarine crew under fire in the pacific"),
    ("War", I, "i want battlefields and brothers in arms"),
    ("War", I, "a film about the vietnam jungle and a lost squad"),
    ("Western", D, "a western"),
    ("Western", D, "something western"),
    ("Western", D, "show me a classic western"),
    ("Western", D, "i'm in the mood for a spaghetti western"),
    ("Western", D, "got any good westerns"),
    ("Western", I, "a sheriff facing outlaws at high noon"),
    ("Western", I, "saloons shootouts and tumbleweeds"),
    ("Western", I, "something with horses ranchers and cattle drives"),
    ("Western", I, "show me a bounty hunter riding across the old frontier"),
    ("Western", I, "a lawman cleaning up a lawless frontier town"),
    ("Western", I, "i want stagecoach robberies and six-shooters"),
    ("Western", I, "a lone drifter on horseback in 1870s arizona"),
];

/// The report's description of the eleventh set.
pub(crate) const BLIND_11_WHAT: &str = "written on 2026-12-05 (session 32) by a helper agent told not to read any file on the machine or use any search (and to avoid stock phrasings), before any reader read it, and read first by the pre-registered second test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-11/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to tenth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate's second test";

/// The twelfth held-out set, as the three helpers wrote them (genre, kind,
/// wording), repeats within the set removed: see [`BLIND_12_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_12: &[(&str, Kind, &str)] = &[
    ("Action", D, "an action movie"),
    ("Action", D, "can we get something with lots of action"),
    ("Action", D, "um a big action flick for dad"),
    ("Action", D, "grandpa wants a proper action film"),
    ("Action", I, "a guy who has to fight his way out of a building full of bad guys"),
    ("Action", I, "lots of punching and kicking and a big showdown at the end"),
    ("Action", I, "where a retired bodyguard gets pulled back in for one last job"),
    ("Action", I, "something with a hero who jumps off rooftops and never gets tired"),
    ("Action", I, "a bus with a bomb on it that can't slow down"),
    ("Action", I, "martial arts fights in a warehouse with everyone flying around"),
    ("Action", I, "a tough cop chasing a bad guy across the whole city"),
    ("Action", I, "helicopters and gunfights and a countdown to stop the villain"),
    ("Action", I, "one man against a whole gang of mercenaries"),
    ("Action", I, "something loud and fast where stuff blows up every five minutes"),
    ("Action", I, "a special forces team sent in to rescue hostages"),
    ("Action", I, "um the kind where the hero walks away from a fireball without looking back"),
    ("Adventure", D, "an adventure movie for the whole family"),
    ("Adventure", D, "can we find a good adventure film"),
    ("Adventure", D, "something adventurous for the kids and grandma"),
    ("Adventure", D, "a big exciting adventure story"),
    ("Adventure", I, "a group of kids who find a treasure map in the attic"),
    ("Adventure", I, "explorers hacking through the jungle looking for a lost city"),
    ("Adventure", I, "a journey across the ocean on an old sailing ship"),
    ("Adventure", I, "um something with pirates and buried gold"),
    ("Adventure", I, "people going down a river on a raft through the wilderness"),
    ("Adventure", I, "a quest to find a hidden temple full of traps"),
    ("Adventure", I, "a boy and his dog lost in the mountains trying to get home"),
    ("Adventure", I, "archaeologists racing against villains to find an ancient relic"),
    ("Adventure", I, "a trip to a strange island nobody has ever come back from"),
    ("Adventure", I, "climbing a huge mountain with ropes and storms and avalanches"),
    ("Adventure", I, "a long trek across the desert on camels"),
    ("Adventure", I, "where a family gets shipwrecked and has to build a home on a beach"),
    ("Animation", D, "an animated movie please"),
    ("Animation", D, "can we get a cartoon film the little ones can watch"),
    ("Animation", D, "something animated with nice drawings"),
    ("Animation", D, "a computer animated movie for the kids"),
    ("Animation", I, "toys that come to life when the kids leave the room"),
    ("Animation", I, "a film made with clay puppets moved one frame at a time"),
    ("Animation", I, "hand drawn pictures like the old storybook films grandma grew up with"),
    ("Animation", I, "talking animals in bright colors with silly voices"),
    ("Animation", I, "um a little fish trying to find its way home across the sea"),
    ("Animation", I, "a drawn princess with a funny talking sidekick"),
    ("Animation", I, "a film where the monsters in the closet are actually friendly"),
    ("Animation", I, "cute little creatures and lots of colors for the toddler"),
    ("Animation", I, "a made-up world of talking cars with faces"),
    ("Animation", I, "a japanese style film with flying castles and forest spirits"),
    ("Animation", I, "where the characters are drawn but the jokes are for grown ups too"),
    ("Animation", I, "a brave little mouse with big eyes and a squeaky voice"),
    ("Children's", D, "a children's movie the little ones can watch"),
    ("Children's", D, "something for kids that's not too scary"),
    ("Children's", D, "a family film suitable for young children"),
    ("Children's", D, "um a good movie for children around six or seven"),
    ("Children's", I, "something my five year old can watch without nightmares"),
    ("Children's", I, "a story about a girl and her pony at summer camp"),
    ("Children's", I, "a gentle one where a boy makes friends with a big friendly dog"),
    ("Children's", I, "nothing with swearing just something sweet before bedtime"),
    ("Children's", I, "a magic nanny who looks after naughty siblings"),
    ("Children's", I, "something with a talking pig on a farm"),
    ("Children's", I, "can we get one about a kid who shrinks to the size of a bug"),
    ("Children's", I, "a silly film about a puppy who plays basketball"),
    ("Children's", I, "where the siblings have to save the family home from a grumpy landlord"),
    ("Children's", I, "something short and happy for my grandkids this afternoon"),
    ("Children's", I, "a story about a boy and his grandpa building a treehouse"),
    ("Children's", I, "a school class trip that goes totally wrong"),
    ("Comedy", D, "maybe a comedy tonight"),
    ("Comedy", D, "something funny please"),
    ("Comedy", D, "can we get a good family comedy"),
    ("Comedy", D, "um a silly funny movie grandpa will laugh at"),
    ("Comedy", I, "a bumbling dad who keeps getting into ridiculous situations on vacation"),
    ("Comedy", I, "two idiots on a road trip messing everything up"),
    ("Comedy", I, "a guy who wakes up in the body of his boss"),
    ("Comedy", I, "where a family holiday goes wrong in every possible way"),
    ("Comedy", I, "people slipping on banana peels and getting pies in the face"),
    ("Comedy", I, "a wedding where everything that can go wrong does"),
    ("Comedy", I, "a goofy detective who keeps solving cases by accident"),
    ("Comedy", I, "a mix up at the airport leaves two strangers swapping lives"),
    ("Comedy", I, "something light where nobody dies and everyone's a bit daft"),
    ("Comedy", I, "a dog that causes chaos all over the neighborhood"),
    ("Comedy", I, "um a movie with a lot of slapstick and silly faces"),
    ("Comedy", I, "a grumpy grandpa and his clumsy grandson stuck running a bakery"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "something about crime and gangsters"),
    ("Crime", D, "a good crime story for after the kids go to bed"),
    ("Crime", D, "um a gritty crime film"),
    ("Crime", I, "a crew planning to rob a big casino"),
    ("Crime", I, "mob families fighting over control of the city"),
    ("Crime", I, "a bank heist that goes wrong and they're stuck inside"),
    ("Crime", I, "detectives chasing a drug kingpin through the streets"),
    ("Crime", I, "a con man swindling rich people out of their money"),
    ("Crime", I, "a getaway driver who wants out of the business"),
    ("Crime", I, "about the mafia and loyalty and betrayal"),
    ("Crime", I, "a cop who goes undercover in a gang and starts to like them"),
    ("Crime", I, "a jewel thief pulling off one last score"),
    ("Crime", I, "money laundering and crooked lawyers"),
    ("Crime", I, "um something about bootleggers during prohibition"),
    ("Crime", I, "a small town guy who gets mixed up with the wrong people and stolen cash"),
    ("Documentary", D, "find us a documentary"),
    ("Documentary", D, "can we put on a nature documentary"),
    ("Documentary", D, "a documentary about animals for the kids"),
    ("Documentary", D, "um some kind of real life documentary film"),
    ("Documentary", I, "real footage of penguins in antarctica"),
    ("Documentary", I, "something true about how the pyramids were built"),
    ("Documentary", I, "interviews with people who were there during the moon landing"),
    ("Documentary", I, "a film following real chefs in a busy kitchen"),
    ("Documentary", I, "about the ocean with a narrator explaining the whales"),
    ("Documentary", I, "the real story of a famous band told by the band members"),
    ("Documentary", I, "a film about climate change with real scientists"),
    ("Documentary", I, "experts digging up dinosaur fossils and explaining them for my grandson"),
    ("Documentary", I, "following a team of climbers on a real expedition up everest"),
    ("Documentary", I, "an investigation into a real company that lied to people"),
    ("Documentary", I, "old footage with a voice telling you what happened"),
    ("Documentary", I, "not made up just real people and what really happened in their lives"),
    ("Drama", D, "put on a drama"),
    ("Drama", D, "a serious drama for mom and me"),
    ("Drama", D, "something dramatic and moving"),
    ("Drama", D, "um a family drama"),
    ("Drama", I, "a story about a family dealing with their dad getting sick"),
    ("Drama", I, "a teacher who changes the lives of kids at a tough school"),
    ("Drama", I, "something serious about real life and hard choices"),
    ("Drama", I, "a woman rebuilding her life after a divorce"),
    ("Drama", I, "about two brothers who haven't spoken in years"),
    ("Drama", I, "a slow emotional story that makes grandma cry"),
    ("Drama", I, "a boxer from a poor neighborhood trying to make something of himself"),
    ("Drama", I, "a lawyer fighting for an innocent man in a courtroom"),
    ("Drama", I, "a farm family struggling to keep their land"),
    ("Drama", I, "a kid growing up in a small town in the sixties"),
    ("Drama", I, "something heavy and thoughtful not light at all"),
    ("Drama", I, "an old man looking back on his life and his regrets"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "something fantasy with magic"),
    ("Fantasy", D, "can we get a fantasy adventure"),
    ("Fantasy", D, "um a big epic fantasy film"),
    ("Fantasy", I, "wizards and dragons and a magic sword"),
    ("Fantasy", I, "elves and dwarves traveling through an enchanted forest"),
    ("Fantasy", I, "a young girl who finds a door to a hidden kingdom"),
    ("Fantasy", I, "a farm boy who discovers he's the lost heir to a kingdom of sorcerers"),
    ("Fantasy", I, "unicorns and fairies and a wicked witch"),
    ("Fantasy", I, "a knight who has to slay a dragon to save the realm"),
    ("Fantasy", I, "a world with talking trees and enchanted castles"),
    ("Fantasy", I, "a princess cursed by an evil sorceress"),
    ("Fantasy", I, "a wish-granting genie in a lamp"),
    ("Fantasy", I, "mythical creatures like griffins and trolls"),
    ("Fantasy", I, "a kid who gets sucked into a storybook land"),
    ("Fantasy", I, "um something with spells and potions and a dark lord"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "an old black and white noir movie"),
    ("Film-Noir", D, "something noir with a detective"),
    ("Film-Noir", D, "um a classic film noir from the old days"),
    ("Film-Noir", I, "a hard-boiled private eye in a rainy city at night"),
    ("Film-Noir", I, "a femme fatale leading a tired detective into trouble"),
    ("Film-Noir", I, "shadows and cigarette smoke and a man in a trench coat"),
    ("Film-Noir", I, "an insurance guy who plots with a woman to kill her husband"),
    ("Film-Noir", I, "a cynical detective narrating his own story in a low voice"),
    ("Film-Noir", I, "a guy framed for murder in a shadowy city"),
    ("Film-Noir", I, "something in black and white with venetian blinds and gunshots"),
    ("Film-Noir", I, "a double cross over a stolen fortune in forties los angeles"),
    ("Film-Noir", I, "a washed up boxer who owes money to the wrong people"),
    ("Film-Noir", I, "dames and gangsters and a private eye who trusts nobody"),
    ("Film-Noir", I, "grandpa wants one of those moody old detective pictures with lots of shadows"),
    ("Film-Noir", I, "a drifter who falls for a married woman and it all goes bad"),
    ("Horror", D, "a horror movie"),
    ("Horror", D, "something really scary for the teenagers"),
    ("Horror", D, "um a horror film but not too gory"),
    ("Horror", D, "a classic spooky horror flick"),
    ("Horror", I, "a haunted house where the family hears noises at night"),
    ("Horror", I, "a masked killer stalking teenagers at a summer camp"),
    ("Horror", I, "zombies taking over a small town"),
    ("Horror", I, "a creepy doll that moves on its own"),
    ("Horror", I, "vampires hunting people in a dark village"),
    ("Horror", I, "a possessed girl and a priest trying to save her"),
    ("Horror", I, "something with ghosts that makes the kids hide behind the couch"),
    ("Horror", I, "people trapped in a cabin in the woods with something outside"),
    ("Horror", I, "a werewolf on the moors at full moon"),
    ("Horror", I, "a monster hiding in the basement"),
    ("Horror", I, "lots of blood and screaming and jump moments"),
    ("Horror", I, "um a curse that follows whoever opens an old box"),
    ("Musical", D, "a musical maybe tonight"),
    ("Musical", D, "can we watch a musical with lots of songs"),
    ("Musical", D, "an old hollywood musical for grandma"),
    ("Musical", D, "um a family musical we can sing along to"),
    ("Musical", I, "people suddenly bursting into song and dancing in the street"),
    ("Musical", I, "a broadway show turned into a movie"),
    ("Musical", I, "tap dancing and big song and dance numbers"),
    ("Musical", I, "a story told entirely through songs"),
    ("Musical", I, "a girl with a big voice who wants to be a star on stage"),
    ("Musical", I, "a high school where the students sing about their feelings in the hallways"),
    ("Musical", I, "a show choir competing for a big trophy"),
    ("Musical", I, "big costumes and chorus lines and a showstopping number at the end"),
    ("Musical", I, "a theater troupe putting on a show with lots of numbers"),
    ("Musical", I, "a couple who sing to each other instead of talking"),
    ("Musical", I, "something the grandkids can sing along with with catchy tunes"),
    ("Musical", I, "um something with rock opera songs from start to finish"),
    ("Mystery", D, "a mystery movie"),
    ("Mystery", D, "a good mystery to solve together"),
    ("Mystery", D, "um something mysterious with a detective"),
    ("Mystery", D, "a murder mystery for grandma"),
    ("Mystery", I, "a detective gathering everyone in the drawing room to reveal the killer"),
    ("Mystery", I, "a murder on a train and everyone is a suspect"),
    ("Mystery", I, "clues hidden all over an old mansion"),
    ("Mystery", I, "a girl detective solving a case in her village"),
    ("Mystery", I, "who stole the jewels at the country house party"),
    ("Mystery", I, "a body found in the library and nobody knows how"),
    ("Mystery", I, "trying to figure out who did it before the end"),
    ("Mystery", I, "a reporter starts digging into a small town secret"),
    ("Mystery", I, "someone disappears and a friend follows the clues to find out why"),
    ("Mystery", I, "an old lady who solves murders while knitting"),
    ("Mystery", I, "a puzzle with a twist that you can guess along the way"),
    ("Mystery", I, "kids finding a hidden message in an old letter and following the trail"),
    ("Romance", D, "a romance movie"),
    ("Romance", D, "something romantic for date night"),
    ("Romance", D, "um a sweet romance for mom and me"),
    ("Romance", D, "a love story"),
    ("Romance", I, "two strangers who meet on a train and can't stop thinking about each other"),
    ("Romance", I, "a wedding planner who falls for the groom"),
    ("Romance", I, "a couple who keeps running into each other over the years"),
    ("Romance", I, "a first kiss in the rain"),
    ("Romance", I, "a girl who writes letters to a soldier she met once"),
    ("Romance", I, "two people who can't stand each other at first and then end up together"),
    ("Romance", I, "a widower and a single mom meeting at the park"),
    ("Romance", I, "a summer fling that turns into something more"),
    ("Romance", I, "he waits years for her to come back to the lake house"),
    ("Romance", I, "a prince who falls for an ordinary girl"),
    ("Romance", I, "something sweet with a couple getting together at the end"),
    ("Romance", I, "um the one where they get married at the end and grandma sighs"),
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "something science fiction"),
    ("Sci-Fi", D, "um a space sci-fi film the kids will like"),
    ("Sci-Fi", D, "a good science fiction story"),
    ("Sci-Fi", I, "aliens landing on earth and trying to talk to us"),
    ("Sci-Fi", I, "astronauts stuck on mars trying to survive"),
    ("Sci-Fi", I, "robots that become smarter than people"),
    ("Sci-Fi", I, "time travel where someone goes back and messes up the future"),
    ("Sci-Fi", I, "a crew on a starship exploring far galaxies"),
    ("Sci-Fi", I, "a future where everyone lives inside virtual reality"),
    ("Sci-Fi", I, "cloning and genetic experiments gone wrong"),
    ("Sci-Fi", I, "a colony on a distant planet"),
    ("Sci-Fi", I, "a computer that takes over the world"),
    ("Sci-Fi", I, "laser guns and androids in the year three thousand"),
    ("Sci-Fi", I, "a mission to save earth from a giant asteroid"),
    ("Sci-Fi", I, "um something set way in the future with flying cars and robots"),
    ("Thriller", D, "let's watch a thriller"),
    ("Thriller", D, "something thrilling and tense"),
    ("Thriller", D, "um a psychological thriller for mom and dad"),
    ("Thriller", D, "a political thriller"),
    ("Thriller", I, "a woman who thinks someone is following her home every night"),
    ("Thriller", I, "a stalker who won't leave a family alone"),
    ("Thriller", I, "a man wakes up with no memory and people trying to kill him"),
    ("Thriller", I, "a conspiracy that goes all the way to the top"),
    ("Thriller", I, "a kidnapping and a ticking clock to find the child"),
    ("Thriller", I, "nail-biting stuff where you don't know who to trust"),
    ("Thriller", I, "a spy on the run across europe"),
    ("Thriller", I, "a nanny who turns out to be dangerous"),
    ("Thriller", I, "a hostage situation on a plane"),
    ("Thriller", I, "a twisty cat and mouse game between a cop and a serial killer"),
    ("Thriller", I, "something tense that keeps the grown ups gripping the armrest"),
    ("Thriller", I, "um a witness who has to hide from the people she saw commit a crime"),
    ("War", D, "a war movie"),
    ("War", D, "something about the war for grandpa"),
    ("War", D, "um a good war film"),
    ("War", D, "a world war two movie"),
    ("War", I, "soldiers storming the beaches on d-day"),
    ("War", I, "a platoon stuck in the jungle in vietnam"),
    ("War", I, "pilots in dogfights over the english channel"),
    ("War", I, "a submarine crew hiding from destroyers"),
    ("War", I, "trenches in france with mud and barbed wire"),
    ("War", I, "a squad sent behind enemy lines to find one man"),
    ("War", I, "resistance fighters blowing up a bridge"),
    ("War", I, "a tank crew pushing across germany"),
    ("War", I, "soldiers planning to escape from a prison camp with guards and searchlights"),
    ("War", I, "grandpa wants something about his old army unit and the battles they fought"),
    ("War", I, "um a story about a nurse at a field hospital near the front lines"),
    ("War", I, "marines fighting for an island in the pacific"),
    ("Western", D, "a western please grandpa says"),
    ("Western", D, "an old western for grandpa"),
    ("Western", D, "um a good spaghetti western"),
    ("Western", D, "something western with horses and saloons"),
    ("Western", I, "a sheriff facing down outlaws in a dusty little town"),
    ("Western", I, "ranchers driving cattle across texas"),
    ("Western", I, "a lone gunslinger riding into a town full of trouble"),
    ("Western", I, "a stagecoach robbery in the desert"),
    ("Western", I, "bounty hunters tracking a wanted man across the plains"),
    ("Western", I, "a saloon brawl and a showdown at sundown"),
    ("Western", I, "settlers in covered wagons heading out to oregon"),
    ("Western", I, "a marshal bringing a killer in to stand trial"),
    ("Western", I, "a horse thief with a posse chasing him through the canyons"),
    ("Western", I, "gold rush miners and claim jumpers"),
    ("Western", I, "um the kind grandpa likes with spurs and ten gallon hats"),
    ("Western", I, "a retired gunfighter who picks up his pistol one last time"),
    ("Action", D, "any good action movies on tonight"),
    ("Action", D, "put on some action, nothing over two hours"),
    ("Action", D, "i'm in the mood for a dumb fun action flick"),
    ("Action", D, "gimme straight up action, no slow parts"),
    ("Action", I, "one guy takes on a whole army of henchmen by himself"),
    ("Action", I, "lots of fistfights and shootouts, barely any plot needed"),
    ("Action", I, "a retired hitman pulled back in for one last job"),
    ("Action", I, "over the top stunts where the hero jumps between moving trucks"),
    ("Action", I, "a bodyguard protecting someone while everyone's shooting at them"),
    ("Action", I, "cop goes rogue and wrecks half the city"),
    ("Action", I, "martial arts fights in a tight hallway, super choreographed"),
    ("Action", I, "ex special forces dad whose daughter gets kidnapped"),
    ("Action", I, "terrorists take over a building and one dude's stuck inside"),
    ("Action", I, "pure adrenaline, nonstop punching and kicking"),
    ("Action", I, "mercenaries blasting their way through a jungle compound"),
    ("Action", I, "yo something with a big train fight and helicopters"),
    ("Adventure", D, "an adventure movie for the two of us"),
    ("Adventure", D, "something adventurous, like a big globe trotting quest"),
    ("Adventure", D, "got any good adventure flicks"),
    ("Adventure", D, "we want a fun adventure film, nothing too heavy"),
    ("Adventure", I, "treasure hunters following an old map through the jungle"),
    ("Adventure", I, "a group trekking over mountains to find a lost city"),
    ("Adventure", I, "shipwrecked on an island and have to survive somehow"),
    ("Adventure", I, "raiding ancient tombs full of booby traps"),
    ("Adventure", I, "explorers going down a river nobody's come back from"),
    ("Adventure", I, "pirates and buried gold on the high seas"),
    ("Adventure", I, "a trip across the globe with a bunch of misfits"),
    ("Adventure", I, "climbers stuck on a glacier trying to get down alive"),
    ("Adventure", I, "hot air balloons, faraway places, that kinda vibe"),
    ("Adventure", I, "an archaeologist racing bad guys to grab a relic first"),
    ("Adventure", I, "kids find a secret cave and go looking for loot"),
    ("Adventure", I, "sailing around the world, storms, maybe a sea monster"),
    ("Animation", D, "an animated movie, we're both into that"),
    ("Animation", D, "something animated but for grownups"),
    ("Animation", D, "show me some anime, a movie not a series"),
    ("Animation", D, "any good cartoons for a chill night in"),
    ("Animation", I, "hand drawn, pretty colors, talking animals"),
    ("Animation", I, "stop motion with little clay figures"),
    ("Animation", I, "that computer rendered style where toys come alive"),
    ("Animation", I, "japanese drawn style with forest spirits and floating castles"),
    ("Animation", I, "drawn in a weird art style, like a moving painting"),
    ("Animation", I, "clay chickens or something equally silly"),
    ("Animation", I, "colorful 3d characters voiced by famous people"),
    ("Animation", I, "old school hand painted fairy tale with singing animals"),
    ("Animation", I, "drawn monsters living in a city, but fun for adults too"),
    ("Animation", I, "comic book art style superheroes hopping between universes"),
    ("Animation", I, "adult drawn stuff with dark jokes but feature length"),
    ("Animation", I, "ok so those pixel perfect rendered fish in the ocean type thing"),
    ("Children's", D, "something for the kids, my cousins are over"),
    ("Children's", D, "a family movie the little ones can handle"),
    ("Children's", D, "children's film, rated g ideally"),
    ("Children's", D, "good movie for small children please"),
    ("Children's", I, "my niece is six, something she'd actually like"),
    ("Children's", I, "talking dog who saves the day at school"),
    ("Children's", I, "babysitting tonight, needs to be totally clean and sweet"),
    ("Children's", I, "a puppy gets lost and finds its way home"),
    ("Children's", I, "nothing scary at all, my little brother's watching"),
    ("Children's", I, "pranks at summer camp, for the under tens"),
    ("Children's", I, "a little girl who befriends a friendly giant"),
    ("Children's", I, "goofy animals learning simple lessons about sharing"),
    ("Children's", I, "something wholesome for an eight year old's sleepover"),
    ("Children's", I, "toys on a silly mission with a short runtime"),
    ("Children's", I, "grade schoolers beat the mean team at the big soccer game"),
    ("Children's", I, "my sister's toddlers are here, keep it gentle and bright"),
    ("Comedy", D, "a comedy, something actually funny"),
    ("Comedy", D, "just want a silly funny movie tonight"),
    ("Comedy", D, "any good comedies we haven't seen"),
    ("Comedy", D, "something hilarious to put on with pizza"),
    ("Comedy", I, "stupid jokes, grown men acting like total idiots"),
    ("Comedy", I, "two slackers on a road trip getting into dumb trouble"),
    ("Comedy", I, "a wedding goes totally off the rails and it's so cringe"),
    ("Comedy", I, "roommate from hell who ruins everything, super awkward"),
    ("Comedy", I, "frat party chaos and brutal hangovers"),
    ("Comedy", I, "dumb buddies pulling off a fake scheme and failing"),
    ("Comedy", I, "a parody that mocks every cliche in the book"),
    ("Comedy", I, "awkward office stuff, very deadpan"),
    ("Comedy", I, "something light where we'll be snorting soda out our noses"),
    ("Comedy", I, "bachelor party in vegas goes horribly wrong"),
    ("Comedy", I, "a guy swaps bodies with his dad and chaos ensues"),
    ("Comedy", I, "stoner buddies on a quest for snacks at 3am"),
    ("Crime", D, "a solid crime movie for tonight"),
    ("Crime", D, "crime flick with mob guys"),
    ("Crime", D, "got anything about career criminals"),
    ("Crime", D, "show me some gritty crime stuff"),
    ("Crime", I, "mafia family running their turf in new york"),
    ("Crime", I, "drug cartel versus the cops trying to bring them down"),
    ("Crime", I, "bank robbers planning the perfect job"),
    ("Crime", I, "a con artist scamming rich people out of millions"),
    ("Crime", I, "a mob boss rise and fall over like thirty years"),
    ("Crime", I, "undercover cop deep inside a gang"),
    ("Crime", I, "money laundering through a car wash or something"),
    ("Crime", I, "two hitmen talking trash between jobs"),
    ("Crime", I, "small town guys stage a kidnapping and it goes sideways"),
    ("Crime", I, "casino skimming and vegas mobsters"),
    ("Crime", I, "gang turf fights in la with lots of dirty cops"),
    ("Crime", I, "street hustlers and dealers on the corners of baltimore"),
    ("Documentary", D, "a documentary, something we'd actually learn from"),
    ("Documentary", D, "some doc about anything interesting really"),
    ("Documentary", D, "a good nature documentary to zone out to"),
    ("Documentary", D, "nonfiction film, real life stuff only"),
    ("Documentary", I, "true story with real interviews, no actors"),
    ("Documentary", I, "about the ocean and weird deep sea creatures"),
    ("Documentary", I, "behind the scenes of a famous band's tour"),
    ("Documentary", I, "real footage of a cult and how it fell apart"),
    ("Documentary", I, "how the food industry actually works"),
    ("Documentary", I, "something educational about space, narrated"),
    ("Documentary", I, "following a chef and his restaurant, all real footage"),
    ("Documentary", I, "climbers filming themselves going up an actual mountain"),
    ("Documentary", I, "exposing a scam company with ex employees spilling everything"),
    ("Documentary", I, "penguins and whales with some calm british narrator"),
    ("Documentary", I, "a murder case told through archive footage and police interviews"),
    ("Documentary", I, "real people, real footage, about some big social issue"),
    ("Drama", D, "a drama, something with substance"),
    ("Drama", D, "something dramatic and serious for once"),
    ("Drama", D, "just a good heavy drama"),
    ("Drama", D, "give me a moving drama film"),
    ("Drama", I, "family falling apart after the dad loses his job"),
    ("Drama", I, "a character study, slow and emotional"),
    ("Drama", I, "something serious we'll talk about for hours after"),
    ("Drama", I, "a teacher who changes a troubled kid's life"),
    ("Drama", I, "addiction and recovery, pretty raw"),
    ("Drama", I, "courtroom stuff with a big emotional verdict"),
    ("Drama", I, "grief, people processing a loss together"),
    ("Drama", I, "a boxer from nowhere fighting his way up"),
    ("Drama", I, "sisters reuniting at their mom's funeral"),
    ("Drama", I, "immigrant family struggling in a new country"),
    ("Drama", I, "awards bait with great acting and zero jokes"),
    ("Drama", I, "small town guy stuck in a dead end job wanting more"),
    ("Fantasy", D, "fantasy movie please, the epic kind"),
    ("Fantasy", D, "something fantasy, magic and all that"),
    ("Fantasy", D, "a big sprawling fantasy epic"),
    ("Fantasy", D, "any good fantasy flicks out there"),
    ("Fantasy", I, "wizards, dragons and swords"),
    ("Fantasy", I, "elves and dwarves on a long journey"),
    ("Fantasy", I, "a magic school where kids learn spells"),
    ("Fantasy", I, "a kingdom with a cursed prince and an evil witch"),
    ("Fantasy", I, "a kid falls into another world through a closet door"),
    ("Fantasy", I, "sorcerers dueling over an enchanted sword"),
    ("Fantasy", I, "fairies and trolls in an enchanted forest"),
    ("Fantasy", I, "medieval world full of mythical beasts"),
    ("Fantasy", I, "a chosen one prophecy and a dark lord"),
    ("Fantasy", I, "a genie granting wishes that totally backfire"),
    ("Fantasy", I, "mermaids and sea gods and that sort of thing"),
    ("Fantasy", I, "a knight sets off to slay some ancient beast"),
    ("Film-Noir", D, "a film noir for tonight"),
    ("Film-Noir", D, "some old noir, black and white"),
    ("Film-Noir", D, "classic noir detective stuff"),
    ("Film-Noir", D, "noir please, the moody kind"),
    ("Film-Noir", I, "a hardboiled private eye in a trench coat and fedora"),
    ("Film-Noir", I, "femme fatale, cigarette smoke, venetian blinds"),
    ("Film-Noir", I, "old black and white with a cynical detective narrating"),
    ("Film-Noir", I, "a dame walks into a detective's office in forties los angeles"),
    ("Film-Noir", I, "a sap gets tricked into bumping off someone's husband"),
    ("Film-Noir", I, "rain slick streets, shadows and a double cross"),
    ("Film-Noir", I, "insurance fraud plot with a sultry wife"),
    ("Film-Noir", I, "jazz, neon, and a doomed guy in way over his head"),
    ("Film-Noir", I, "gumshoe gets beat up every ten minutes"),
    ("Film-Noir", I, "old hollywood with lots of gravelly voiceover and shadows"),
    ("Film-Noir", I, "everyone's corrupt and the ending is bleak, forties style"),
    ("Film-Noir", I, "a vet with amnesia trying to clear his name in the dark city"),
    ("Horror", D, "a horror movie, turn the lights off"),
    ("Horror", D, "something horror, really really creepy"),
    ("Horror", D, "horror flick, the gorier the better"),
    ("Horror", D, "any good horror for a friday night"),
    ("Horror", I, "haunted house where the family just won't leave"),
    ("Horror", I, "masked killer picking off camp counselors"),
    ("Horror", I, "demonic possession, priests and crucifixes"),
    ("Horror", I, "zombies overrun a small town"),
    ("Horror", I, "creepy doll that moves when no one's looking"),
    ("Horror", I, "something that'll make us sleep with the lights on"),
    ("Horror", I, "found footage of friends lost in the woods"),
    ("Horror", I, "a cabin, a weird old book, and everyone dies"),
    ("Horror", I, "vampires stalking a town at night"),
    ("Horror", I, "a creature in the basement eating people"),
    ("Horror", I, "gore and body parts, really gross"),
    ("Horror", I, "a cursed videotape kind of deal"),
    ("Musical", D, "a musical we can sing along to"),
    ("Musical", D, "something with singing, like a proper musical"),
    ("Musical", D, "a broadway style movie musical"),
    ("Musical", D, "any good musicals on here"),
    ("Musical", I, "everybody randomly bursts into song and dances"),
    ("Musical", I, "big dance numbers and show tunes"),
    ("Musical", I, "stuff we can belt out at full volume"),
    ("Musical", I, "a theater kid would love this one"),
    ("Musical", I, "jazz hands, tap dancing, huge production numbers"),
    ("Musical", I, "a girl trying to make it on broadway"),
    ("Musical", I, "a high school where everyone sings in the hallways"),
    ("Musical", I, "old hollywood dancing on rooftops and lampposts"),
    ("Musical", I, "a rock opera type thing"),
    ("Musical", I, "a story told mostly through songs"),
    ("Musical", I, "a cabaret in the twenties with lots of numbers"),
    ("Musical", I, "showtunes and choreography, nothing too sad"),
    ("Mystery", D, "a mystery movie, a good one"),
    ("Mystery", D, "something mysterious where we solve the case"),
    ("Mystery", D, "any good mystery flicks"),
    ("Mystery", D, "a mystery we can try to figure out together"),
    ("Mystery", I, "a detective gathers everyone in the drawing room at the end"),
    ("Mystery", I, "murder at a fancy mansion and everyone's a suspect"),
    ("Mystery", I, "clues, red herrings, and a big reveal"),
    ("Mystery", I, "a girl goes missing and her best friend investigates"),
    ("Mystery", I, "something where we try to guess who did it before the ending"),
    ("Mystery", I, "an eccentric sleuth with a mustache on a train"),
    ("Mystery", I, "small english village, a body in the library"),
    ("Mystery", I, "amateur sleuths solving a case in their apartment building"),
    ("Mystery", I, "a puzzle box plot where nothing is what it seems"),
    ("Mystery", I, "someone gets poisoned at a dinner party"),
    ("Mystery", I, "a locked room and no way the killer got out"),
    ("Mystery", I, "a journalist digging into a decades old disappearance"),
    ("Romance", D, "a romance for date night"),
    ("Romance", D, "something romantic and cozy"),
    ("Romance", D, "a cute romantic movie for us"),
    ("Romance", D, "a love story, the sappy kind"),
    ("Romance", I, "two people who hate each other and end up together"),
    ("Romance", I, "meet cute in a little bookshop"),
    ("Romance", I, "summer fling that turns into the real thing"),
    ("Romance", I, "my girlfriend wants something swoony with a kiss in the rain"),
    ("Romance", I, "star crossed lovers from different worlds"),
    ("Romance", I, "long distance couple writing letters for years"),
    ("Romance", I, "an event planner falls for the groom"),
    ("Romance", I, "a holiday fling in paris"),
    ("Romance", I, "best friends who finally realize they're meant to be"),
    ("Romance", I, "period piece with longing looks and ballroom dances"),
    ("Romance", I, "second chance with an ex years later"),
    ("Romance", I, "she's rich, he's poor, her family disapproves"),
    ("Sci-Fi", D, "a sci-fi movie, something mind bending"),
    ("Sci-Fi", D, "some science fiction, nothing too nerdy"),
    ("Sci-Fi", D, "good sci fi, the smart kind"),
    ("Sci-Fi", D, "any sci-fi worth watching tonight"),
    ("Sci-Fi", I, "astronauts stranded on mars"),
    ("Sci-Fi", I, "robots becoming self aware"),
    ("Sci-Fi", I, "time travel paradoxes that mess with your head"),
    ("Sci-Fi", I, "aliens invade and humanity fights back"),
    ("Sci-Fi", I, "a dystopian future with mega corporations and cyborgs"),
    ("Sci-Fi", I, "a starship crew finds something on a distant planet"),
    ("Sci-Fi", I, "clones that don't know they're clones"),
    ("Sci-Fi", I, "a virtual reality world where nothing is real"),
    ("Sci-Fi", I, "a wormhole and a mission to save earth"),
    ("Sci-Fi", I, "first contact with aliens who talk in circles"),
    ("Sci-Fi", I, "androids in a rainy neon city"),
    ("Sci-Fi", I, "genetically engineered humans in a sterile future"),
    ("Thriller", D, "a thriller, a really tense one"),
    ("Thriller", D, "a tense thriller with twists"),
    ("Thriller", D, "psychological thriller please"),
    ("Thriller", D, "good suspense movie for tonight"),
    ("Thriller", I, "someone's being stalked and nobody believes her"),
    ("Thriller", I, "a hostage situation with a ticking clock"),
    ("Thriller", I, "wife disappears and the husband is the main suspect"),
    ("Thriller", I, "a killer playing mind games with the cops"),
    ("Thriller", I, "a guy pinned in a phone booth by a sniper"),
    ("Thriller", I, "a nanny who's secretly out to get the family"),
    ("Thriller", I, "a conspiracy where the government wants the hero dead"),
    ("Thriller", I, "heart pounding cat and mouse chase"),
    ("Thriller", I, "trusting the wrong person and paying for it"),
    ("Thriller", I, "serial killer case with a messed up detective duo"),
    ("Thriller", I, "home invasion and the family hiding upstairs"),
    ("Thriller", I, "a twist that flips everything at the end"),
    ("War", D, "a war movie, something intense"),
    ("War", D, "something about war, like ww2"),
    ("War", D, "any good war films"),
    ("War", D, "war flick, the realistic kind"),
    ("War", I, "soldiers storming the beaches at normandy"),
    ("War", I, "a platoon in the jungles of vietnam"),
    ("War", I, "trenches, mud and mustard gas at the somme"),
    ("War", I, "a sniper duel in stalingrad"),
    ("War", I, "bomber pilots flying missions over germany"),
    ("War", I, "a submarine crew hunting enemy ships"),
    ("War", I, "rescue one soldier stuck behind enemy lines"),
    ("War", I, "marines fighting house to house in fallujah"),
    ("War", I, "a pow camp escape plan"),
    ("War", I, "the home front while the men are off fighting"),
    ("War", I, "army medics under fire on a pacific island"),
    ("War", I, "nazis and resistance fighters in occupied france"),
    ("Western", D, "a western, old or new"),
    ("Western", D, "an old school western"),
    ("Western", D, "spaghetti western please"),
    ("Western", D, "a good western movie tonight"),
    ("Western", I, "gunslingers and showdowns at high noon"),
    ("Western", I, "a sheriff cleaning up a lawless frontier town"),
    ("Western", I, "outlaws robbing a train in the desert"),
    ("Western", I, "saloon brawls, horses and dusty towns"),
    ("Western", I, "a bounty hunter tracking someone across the plains"),
    ("Western", I, "a cattle drive across texas"),
    ("Western", I, "a stranger rides into town and everyone's nervous"),
    ("Western", I, "gold rush prospectors and claim jumpers"),
    ("Western", I, "bank robbery and a posse on horseback chasing them"),
    ("Western", I, "revolvers, spurs, and tumbleweeds"),
    ("Western", I, "a rancher defending his land from a railroad baron"),
    ("Western", I, "frontier settlers on a long wagon trail"),
    ("Action", D, "put on a good action picture for me"),
    ("Action", D, "i'm in the mood for an old fashioned action film"),
    ("Action", D, "something with plenty of action tonight"),
    ("Action", D, "find me a rousing action flick the way they used to make them"),
    ("Action", I, "a lone hero taking on a whole gang of armed thugs"),
    ("Action", I, "something with fistfights, shootouts and a big showdown at the end"),
    ("Action", I, "a tough ex-soldier pulled back in for one last job"),
    ("Action", I, "lots of stunts and a hero who never stops running"),
    ("Action", I, "a picture where the good guy fights his way out of a burning building"),
    ("Action", I, "a rogue cop who breaks all the rules to bring down the bad guys"),
    ("Action", I, "a heist going wrong and a shootout on a moving train"),
    ("Action", I, "a martial arts master fighting off dozens of men at once"),
    ("Action", I, "something fast and loud with a muscular hero saving the day"),
    ("Action", I, "a bodyguard protecting someone while hired killers close in"),
    ("Action", I, "mercenaries storming a fortress to rescue hostages"),
    ("Action", I, "a hero dangling from a helicopter over the city"),
    ("Adventure", D, "i'd like a grand adventure picture"),
    ("Adventure", D, "show me an adventure film like the ones from the saturday matinees"),
    ("Adventure", D, "a good old adventure story please"),
    ("Adventure", D, "find me a swashbuckling adventure"),
    ("Adventure", I, "explorers hacking through the jungle in search of a lost city"),
    ("Adventure", I, "a treasure map, a sailing ship and a crew of rogues"),
    ("Adventure", I, "a daring expedition across the desert on camels"),
    ("Adventure", I, "pirates, buried gold and sword fights on the deck"),
    ("Adventure", I, "a young man setting off on a long journey to faraway lands"),
    ("Adventure", I, "something with an archaeologist dodging traps in an ancient tomb"),
    ("Adventure", I, "castaways stranded on an uncharted island"),
    ("Adventure", I, "mountaineers racing to reach a summit before the storm"),
    ("Adventure", I, "a trek through africa with porters and an old map"),
    ("Adventure", I, "a voyage down a dangerous river in a rickety boat"),
    ("Adventure", I, "knights riding out to rescue a kidnapped princess"),
    ("Adventure", I, "a quest for a legendary jewel hidden in the himalayas"),
    ("Animation", D, "put on an animated film for me"),
    ("Animation", D, "i'd enjoy a good cartoon feature tonight"),
    ("Animation", D, "something animated, the hand drawn kind if you have it"),
    ("Animation", D, "show me an animated movie my grandchildren and i could both enjoy"),
    ("Animation", I, "talking animals drawn by hand with lovely songs"),
    ("Animation", I, "something made with clay figures moved frame by frame"),
    ("Animation", I, "a picture where everything is drawn, like the sunday funnies come to life"),
    ("Animation", I, "a painted fairy tale world with a brave little mouse"),
    ("Animation", I, "stop motion puppets in a spooky little town"),
    ("Animation", I, "a computer made picture about toys that come alive"),
    ("Animation", I, "beautiful japanese drawings of spirits and flying machines"),
    ("Animation", I, "something with a silly rabbit and a hunter chasing him around"),
    ("Animation", I, "a princess with singing woodland creatures and a wicked stepmother"),
    ("Animation", I, "a colorful feature with famous voices playing fish on a reef"),
    ("Animation", I, "a little robot wandering around a deserted earth, all drawn by computer"),
    ("Animation", I, "a story told with paper cutouts and silhouettes"),
    ("Children's", D, "a movie for children, something wholesome"),
    ("Children's", D, "find me a good children's film for my grandson"),
    ("Children's", D, "something made for youngsters that the whole family can watch"),
    ("Children's", D, "i'd like a nice family film suitable for little ones"),
    ("Children's", I, "a boy and his loyal dog getting into scrapes on the farm"),
    ("Children's", I, "something gentle for my six year old granddaughter visiting this weekend"),
    ("Children's", I, "a gang of schoolkids building a raft over summer vacation"),
    ("Children's", I, "a little girl who befriends a runaway pony"),
    ("Children's", I, "nothing scary, something sweet and silly the grandkids can watch"),
    ("Children's", I, "a nanny who makes chores fun with a bit of magic"),
    ("Children's", I, "a story about a lost puppy finding its way home"),
    ("Children's", I, "an orphan boy who gets adopted by a kind old toymaker"),
    ("Children's", I, "a family of tiny mice living under the floorboards"),
    ("Children's", I, "a lonely boy who trains a racing pig for the county fair"),
    ("Children's", I, "pupils putting on a play to save their little village school"),
    ("Children's", I, "a teddy bear that comes to life and helps a shy boy make friends"),
    ("Comedy", D, "a good comedy to cheer me up"),
    ("Comedy", D, "put on something funny please"),
    ("Comedy", D, "i fancy a screwball comedy, the old kind with fast talk"),
    ("Comedy", D, "any lighthearted comedies worth watching tonight"),
    ("Comedy", I, "two bumbling fellows who keep getting each other into trouble"),
    ("Comedy", I, "something silly with pratfalls and mistaken identities"),
    ("Comedy", I, "the in-laws meet and everything goes wrong at the wedding dinner"),
    ("Comedy", I, "a wisecracking reporter and his ex-wife trading barbs"),
    ("Comedy", I, "two grumpy old neighbors feuding over a garden fence"),
    ("Comedy", I, "a stuffy butler trying to keep order in a madcap household"),
    ("Comedy", I, "an old silent clown hanging off a clock tower"),
    ("Comedy", I, "a dimwitted detective fumbling his way through a case"),
    ("Comedy", I, "a family road trip where every disaster imaginable happens"),
    ("Comedy", I, "a clumsy waiter ruining a posh dinner party"),
    ("Comedy", I, "a con man pretending to be a vicar in a small village"),
    ("Comedy", I, "grumpy retirees pulling pranks on each other at the nursing home"),
    ("Crime", D, "i'd like a crime picture tonight"),
    ("Crime", D, "show me a gritty crime drama"),
    ("Crime", D, "a good gangster film please"),
    ("Crime", D, "something about criminals, a proper crime story"),
    ("Crime", I, "a mob family fighting over the business after the old man dies"),
    ("Crime", I, "a gang of thieves planning the perfect bank robbery"),
    ("Crime", I, "a crooked cop taking bribes from the bootleggers"),
    ("Crime", I, "prohibition era rumrunners and tommy guns"),
    ("Crime", I, "a safecracker coming out of prison for one more score"),
    ("Crime", I, "a hitman who starts to lose his nerve"),
    ("Crime", I, "a drug kingpin and the detectives wiretapping his operation"),
    ("Crime", I, "con artists fleecing a wealthy mark at the racetrack"),
    ("Crime", I, "a young hood rising through the ranks of the new york rackets"),
    ("Crime", I, "an armored car job pulled off by a team of professionals"),
    ("Crime", I, "mobsters laundering money through a las vegas casino"),
    ("Crime", I, "a prosecutor going after a powerful racketeer in court"),
    ("Documentary", D, "a documentary please"),
    ("Documentary", D, "i'd like to watch a nature documentary"),
    ("Documentary", D, "any good documentary films about history"),
    ("Documentary", D, "something factual, a real life documentary"),
    ("Documentary", I, "real footage of the moon landings with the astronauts talking"),
    ("Documentary", I, "interviews with old jazz musicians about their lives"),
    ("Documentary", I, "the true story of how the railroads were built, with archival film"),
    ("Documentary", I, "following wildlife across the african plains narrated by a calm voice"),
    ("Documentary", I, "a look behind the scenes at how the old hollywood studios worked"),
    ("Documentary", I, "real people telling what it was like to live through the depression"),
    ("Documentary", I, "filmed inside actual prisons talking to the inmates"),
    ("Documentary", I, "a film about the ocean depths with real footage of strange fish"),
    ("Documentary", I, "something educational about ancient egypt and the pyramids"),
    ("Documentary", I, "a camera crew following a small town election for a whole year"),
    ("Documentary", I, "the real life story of a famous chef told through home movies"),
    ("Documentary", I, "survivors recalling the great flood, with old newsreel clips"),
    ("Drama", D, "a serious drama tonight please"),
    ("Drama", D, "i want a good dramatic picture with strong performances"),
    ("Drama", D, "show me a family drama"),
    ("Drama", D, "something dramatic and thoughtful, not too light"),
    ("Drama", I, "a widower learning to live again after forty years of marriage"),
    ("Drama", I, "a family gathering for the holidays where old wounds open up"),
    ("Drama", I, "a steelworker struggling to keep his family together after the mill closes"),
    ("Drama", I, "something moving about a teacher who changes a troubled student's life"),
    ("Drama", I, "two estranged brothers reunited at their father's deathbed"),
    ("Drama", I, "a quiet character study of a lonely man in a small town"),
    ("Drama", I, "a mother caring for her son through a long illness"),
    ("Drama", I, "a lawyer wrestling with his conscience over a hard case"),
    ("Drama", I, "something heavy and thoughtful about growing old and regret"),
    ("Drama", I, "immigrants trying to make a new life in a crowded tenement"),
    ("Drama", I, "a retired boxer looking back on what he threw away"),
    ("Drama", I, "a woman leaving her comfortable life to start over on her own"),
    ("Fantasy", D, "a fantasy film please"),
    ("Fantasy", D, "something in the fantasy genre with magic and monsters"),
    ("Fantasy", D, "i'd enjoy a sword and sorcery picture"),
    ("Fantasy", D, "find me a good fantasy adventure"),
    ("Fantasy", I, "wizards, dragons and an enchanted kingdom"),
    ("Fantasy", I, "a young farm boy who discovers he has magical powers"),
    ("Fantasy", I, "a band of travelers carrying a cursed amulet to a distant mountain"),
    ("Fantasy", I, "elves, dwarves and a long journey through dark forests"),
    ("Fantasy", I, "a girl who falls through a mirror into a world of talking creatures"),
    ("Fantasy", I, "a genie granting wishes to a poor street thief"),
    ("Fantasy", I, "a sorceress casting spells over a medieval village"),
    ("Fantasy", I, "something with unicorns, goblins and a labyrinth"),
    ("Fantasy", I, "a knight battling a sea serpent to win a princess's hand"),
    ("Fantasy", I, "mythical greek heroes fighting gods and stop motion skeletons"),
    ("Fantasy", I, "a witch who turns a prince into a frog"),
    ("Fantasy", I, "a hidden world of fairies at the bottom of the garden"),
    ("Film-Noir", D, "a film noir please, black and white if possible"),
    ("Film-Noir", D, "i'd like one of those old noir pictures"),
    ("Film-Noir", D, "something noir with a hard boiled detective"),
    ("Film-Noir", D, "show me a classic noir"),
    ("Film-Noir", I, "a down on his luck private eye and a dame who spells trouble"),
    ("Film-Noir", I, "rain soaked streets, venetian blinds and cigarette smoke"),
    ("Film-Noir", I, "a femme fatale talking an insurance man into murder"),
    ("Film-Noir", I, "a hard drinking gumshoe narrating his own downfall"),
    ("Film-Noir", I, "shadowy black and white pictures where everyone double crosses everyone"),
    ("Film-Noir", I, "a drifter getting mixed up with a married woman and a murder plan"),
    ("Film-Noir", I, "a boxer who's told to throw the fight by the syndicate"),
    ("Film-Noir", I, "a man with amnesia who might have killed someone"),
    ("Film-Noir", I, "a cynical reporter chasing a story into the city's underbelly"),
    ("Film-Noir", I, "a nightclub singer with a dangerous past and a jealous boyfriend"),
    ("Film-Noir", I, "a wrong man on the run in a city of shadows and jazz"),
    ("Film-Noir", I, "a crooked detective and a doomed love affair in forties los angeles"),
    ("Horror", D, "a horror film please"),
    ("Horror", D, "something in the horror line, the old monster kind"),
    ("Horror", D, "a spooky horror movie for tonight"),
    ("Horror", D, "find me a classic horror picture"),
    ("Horror", I, "a haunted house where the family hears whispers in the walls"),
    ("Horror", I, "a vampire count stalking a young woman in a crumbling castle"),
    ("Horror", I, "a mad scientist stitching together a creature from corpses"),
    ("Horror", I, "teenagers at a lake camp being picked off one by one"),
    ("Horror", I, "something that will give me goosebumps with ghosts and creaking floors"),
    ("Horror", I, "a possessed child and a priest called in to help"),
    ("Horror", I, "zombies rising from the graveyard and shuffling into town"),
    ("Horror", I, "a werewolf prowling the moors under the full moon"),
    ("Horror", I, "a mummy coming back to life to take revenge on grave robbers"),
    ("Horror", I, "a creepy doll that moves when nobody is looking"),
    ("Horror", I, "a family moving into an old farmhouse with something in the cellar"),
    ("Horror", I, "a cult in a remote village performing sacrifices at midsummer"),
    ("Musical", D, "an old fashioned musical please"),
    ("Musical", D, "i'd love a big broadway style musical"),
    ("Musical", D, "something with song and dance, a proper musical"),
    ("Musical", D, "a movie musical with lots of tap dancing"),
    ("Musical", I, "people bursting into song in the middle of the street"),
    ("Musical", I, "tap dancers and big production numbers with dozens of chorus girls"),
    ("Musical", I, "a backstage story about a troupe putting on a show"),
    ("Musical", I, "a singing family touring small towns in a vaudeville act"),
    ("Musical", I, "something with big orchestral numbers and dancers in top hats"),
    ("Musical", I, "a love story told entirely through songs"),
    ("Musical", I, "sailors on shore leave singing and dancing through the city"),
    ("Musical", I, "a lavish picture with a grand dance number on a staircase"),
    ("Musical", I, "a small town fellow who sings his way into the big city lights"),
    ("Musical", I, "ballroom couples gliding across a polished floor while they sing"),
    ("Musical", I, "a show with tunes i can hum along to and a happy ending"),
    ("Musical", I, "an aspiring singer and a jazz pianist falling for each other between numbers"),
    ("Mystery", D, "a good mystery please"),
    ("Mystery", D, "i'd like a murder mystery, the country house kind"),
    ("Mystery", D, "something mysterious with clues to follow"),
    ("Mystery", D, "find me a detective story"),
    ("Mystery", I, "a body in the library and a house full of suspects"),
    ("Mystery", I, "an elderly spinster sleuth solving a village poisoning"),
    ("Mystery", I, "a fussy little investigator with a mustache gathering everyone in the drawing room"),
    ("Mystery", I, "a locked room puzzle where nobody could have done it"),
    ("Mystery", I, "passengers on a snowbound train, one of them a killer"),
    ("Mystery", I, "figuring out who poisoned the rich uncle before the will is read"),
    ("Mystery", I, "a disappearance at a seaside hotel and a clever amateur looking into it"),
    ("Mystery", I, "clues, red herrings and a twist i won't guess"),
    ("Mystery", I, "an english inspector questioning the guests after a dinner party death"),
    ("Mystery", I, "a puzzle about a stolen painting and a butler with something to hide"),
    ("Mystery", I, "a retired schoolteacher who can't help poking into local deaths"),
    ("Mystery", I, "a sleuth piecing together what happened from an old diary"),
    ("Romance", D, "a romantic movie please"),
    ("Romance", D, "i'd like a nice love story tonight"),
    ("Romance", D, "something romantic for an evening alone"),
    ("Romance", D, "show me an old fashioned romance"),
    ("Romance", I, "two strangers meeting on an ocean liner and falling for each other"),
    ("Romance", I, "a widow and a widower finding each other late in life"),
    ("Romance", I, "star crossed sweethearts kept apart by class"),
    ("Romance", I, "a couple who meet every year at the same inn for one weekend"),
    ("Romance", I, "a long courtship told through letters"),
    ("Romance", I, "an heiress running away and falling for a newspaperman"),
    ("Romance", I, "two people who keep missing each other until the very end"),
    ("Romance", I, "something sweet about first love and a summer by the sea"),
    ("Romance", I, "a soldier coming home to the sweetheart who waited for him"),
    ("Romance", I, "a waltz, candlelight and two people too shy to say how they feel"),
    ("Romance", I, "old flames bumping into each other after thirty years"),
    ("Romance", I, "a shy librarian swept off her feet by a charming stranger"),
    ("Sci-Fi", D, "a science fiction film please"),
    ("Sci-Fi", D, "something sci-fi, the thoughtful kind"),
    ("Sci-Fi", D, "i'd like one of those old science fiction pictures from the drive in days"),
    ("Sci-Fi", D, "find me a good sci-fi movie"),
    ("Sci-Fi", I, "astronauts on a long voyage to a distant planet"),
    ("Sci-Fi", I, "a robot who starts to wonder if it's human"),
    ("Sci-Fi", I, "time travel and a man trying to change the past"),
    ("Sci-Fi", I, "flying saucers landing on the white house lawn"),
    ("Sci-Fi", I, "a future city where the government controls everyone's thoughts"),
    ("Sci-Fi", I, "a crew waking from deep sleep to find something aboard their ship"),
    ("Sci-Fi", I, "scientists discovering a signal from another galaxy"),
    ("Sci-Fi", I, "colonists on mars running out of air"),
    ("Sci-Fi", I, "a computer that takes over the space station"),
    ("Sci-Fi", I, "clones, lasers and a rebellion on a faraway moon"),
    ("Sci-Fi", I, "a machine that lets a man visit other dimensions"),
    ("Sci-Fi", I, "humanity's last survivors living underground after the bomb"),
    ("Thriller", D, "a thriller please, something suspenseful"),
    ("Thriller", D, "i'd like a good tense thriller"),
    ("Thriller", D, "a psychological thriller for tonight"),
    ("Thriller", D, "show me a suspense picture, the kind that keeps you guessing"),
    ("Thriller", I, "an innocent man chased across the country by spies and police"),
    ("Thriller", I, "a woman who thinks her husband is trying to kill her"),
    ("Thriller", I, "a hostage standoff with a ticking clock"),
    ("Thriller", I, "a stalker who knows everything about her"),
    ("Thriller", I, "a witness on the run from the people she testified against"),
    ("Thriller", I, "a conspiracy reaching all the way to the top of government"),
    ("Thriller", I, "a cat and mouse game between a detective and a clever killer"),
    ("Thriller", I, "an assassin hunting a politician and the agent racing to stop him"),
    ("Thriller", I, "a kidnapped child and a ransom drop that goes wrong"),
    ("Thriller", I, "a nurse who suspects the patient next door was murdered"),
    ("Thriller", I, "nerve wracking, with a bomb on a bridge and minutes to spare"),
    ("Thriller", I, "a couple stranded on a yacht with a dangerous stranger"),
    ("War", D, "a war picture please"),
    ("War", D, "i'd like a good world war two film"),
    ("War", D, "something about the war, a proper war movie"),
    ("War", D, "find me a war film about the pacific campaign"),
    ("War", I, "soldiers landing on the beaches under heavy fire"),
    ("War", I, "a bomber crew flying missions over germany"),
    ("War", I, "captured airmen planning a tunnel escape from a camp"),
    ("War", I, "a platoon slogging through the jungle in vietnam"),
    ("War", I, "a submarine crew stalking a convoy in the north atlantic"),
    ("War", I, "trenches, mud and a doomed charge across no man's land"),
    ("War", I, "commandos sent behind enemy lines to blow up a bridge"),
    ("War", I, "the story of the men at the battle of the bulge"),
    ("War", I, "a tank crew fighting their way across france"),
    ("War", I, "something about the pilots who flew spitfires in the battle of britain"),
    ("War", I, "a general planning the invasion of normandy"),
    ("War", I, "a young recruit's first day at the front lines"),
    ("Western", D, "a western please"),
    ("Western", D, "i'd like a good old western"),
    ("Western", D, "show me a western with a big shootout"),
    ("Western", D, "something in the western line, the classic kind"),
    ("Western", I, "a lone gunslinger riding into a dusty frontier town"),
    ("Western", I, "a cattle drive from texas up to kansas"),
    ("Western", I, "a sheriff standing alone against a gang of outlaws"),
    ("Western", I, "wagon trains heading west across the plains"),
    ("Western", I, "a stagecoach full of strangers crossing apache country"),
    ("Western", I, "gunfights in the saloon and a showdown in the main street"),
    ("Western", I, "ranchers and homesteaders fighting over water rights"),
    ("Western", I, "a bounty hunter tracking a wanted man through the desert"),
    ("Western", I, "a cavalry fort on the edge of the territory"),
    ("Western", I, "a retired gunfighter forced to strap on his pistol one more time"),
    ("Western", I, "a posse chasing train robbers through the canyons"),
    ("Western", I, "a mysterious stranger with a poncho and a cheroot"),
];

/// The report's description of the twelfth set.
pub(crate) const BLIND_12_WHAT: &str = "written on 2026-12-05 (session 33) by three helper agents told not to read any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (a family; young adults; older viewers and film buffs), before any reader read it, and read first by the pre-registered third test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-12/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to eleventh-set wording or an example phrase; dealt (not drawn) in place of the 600 test requests' genre wordings, so every kept wording is read before any is read twice; the candidate's paired difference judged at 1 - 0.05/3 over 10,000 resamples of wordings";

/// A set of blind wordings: (genre, kind, wording), as written.
pub(crate) type Wordings = [(&'static str, Kind, &'static str)];

/// Why a wording of `genre` is not held out, or None when it is; `earlier`:
/// the blind sets written before this one.
fn dropped_because(genre: &str, kind: Kind, wording: &str, earlier: &Wordings) -> Option<String> {
    let norm = |t: &str| words(t).join(" ");
    let n = norm(wording);
    if earlier.iter().any(|x| norm(x.2) == n) {
        return Some("repeats an earlier blind set's wording".into());
    }
    let mut seen = GENRE_WORDS.iter().flat_map(|g| g.1.iter().copied()).chain(DEV_WORDINGS.iter().chain(READER_DEV_WORDINGS).map(|d| d.0));
    if seen.any(|x| norm(x) == n) {
        return Some("repeats an evaluation or development wording".into());
    }
    if TRAIN_WORDINGS.iter().flat_map(|t| t.1.iter().copied()).chain(NO_GENRE.iter().copied()).any(|x| norm(x) == n) {
        return Some("repeats a training wording".into());
    }
    if kind == I {
        let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == genre).flat_map(|t| t.1.iter().flat_map(|x| words(x))).filter(|x| !is_stop(x)).collect();
        if let Some(x) = words(wording).into_iter().filter(|x| !is_stop(x)).find(|x| trained.contains(x)) {
            return Some(format!("indirect, shares {x:?} with a training wording of its genre"));
        }
    }
    None
}

/// What the seventh set's wordings must not repeat: the fifth and sixth
/// sets' and the example phrases the exemplar candidate reads by.
pub(super) fn before_seventh() -> Vec<(&'static str, Kind, &'static str)> {
    let examples = dualrec::pipeline::request::example_phrases(false).map(|(g, p)| (g, I, p));
    BLIND_GENRE_WORDINGS.iter().chain(BLIND_GENRE_WORDINGS_6).copied().chain(examples).collect()
}

/// What the eighth set's wordings must not repeat: the seventh's and what it must not.
pub(super) fn before_eighth() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_seventh();
    v.extend(BLIND_GENRE_WORDINGS_7.iter().copied());
    v
}

/// What the ninth set's wordings must not repeat: the eighth's and what it must not.
pub(super) fn before_ninth() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_eighth();
    v.extend(BLIND_GENRE_WORDINGS_8.iter().copied());
    v
}

/// What the tenth set's wordings must not repeat: the ninth's and what it must not.
pub(super) fn before_tenth() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_ninth();
    v.extend(BLIND_GENRE_WORDINGS_9.iter().copied());
    v
}

/// What the eleventh set's wordings must not repeat: the tenth's and what it must not.
pub(super) fn before_eleventh() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_tenth();
    v.extend(BLIND_GENRE_WORDINGS_10.iter().copied());
    v
}

/// What the twelfth set's wordings must not repeat: the eleventh's and what it must not.
pub(super) fn before_twelfth() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_eleventh();
    v.extend(BLIND_GENRE_WORDINGS_11.iter().copied());
    v
}

/// The held-out wordings of `set`: those not dropped.
fn held_out(set: &'static Wordings, earlier: &Wordings) -> Vec<&'static (&'static str, Kind, &'static str)> {
    set.iter().filter(|w| dropped_because(w.0, w.1, w.2, earlier).is_none()).collect()
}

/// How a set's kept wordings are put in place of the requests' own, and judged.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(super) enum Design {
    /// Each request draws one kept wording of its genre and kind, with
    /// replacement (the fifth to eleventh sets).
    Drawn,
    /// Each genre's kept wordings of a kind are dealt in a seeded order,
    /// cycling, so every one is read before any is read twice (a large set's
    /// wordings are not left unread by chance); paired genre F1 differences
    /// also get an interval at `level` over 10,000 resamples of wordings (the
    /// twelfth set: the third test of one candidate, corrected for three tries).
    Dealt { level: f64 },
}

/// The requests with a genre, their genre wording replaced by a held-out
/// one of the same genre (seeded: direct with probability 2/3, as the
/// templated requests' plain and synonym slots, then any of that kind; slot 0
/// for direct, 2 for indirect), drawn or dealt as `design` says; the others
/// unchanged.
fn reworded(queries: &[(usize, Query)], kept: &[&'static (&'static str, Kind, &'static str)], seed: u64, design: Design) -> Vec<(usize, Query)> {
    let mut rng = SplitMix(seed);
    // Dealing: each (genre, kind)'s wordings shuffled once (another stream), then taken in turn.
    let mut deal_rng = SplitMix(seed ^ 0x6465_616c);
    type Deck = (Vec<&'static (&'static str, Kind, &'static str)>, usize);
    let mut decks: BTreeMap<(&str, bool), Deck> = BTreeMap::new();
    queries
        .iter()
        .map(|(ci, q)| {
            if q.phrase.is_empty() {
                return (*ci, q.clone());
            }
            debug_assert!(q.text.starts_with(q.phrase));
            let of = |k: Kind| kept.iter().copied().filter(|w| w.0 == q.genres[0] && w.1 == k).collect::<Vec<_>>();
            let want = if rng.below(3) < 2 { D } else { I };
            let pool = [of(want), of(if want == D { I } else { D })].into_iter().find(|p| !p.is_empty()).unwrap_or_default();
            if pool.is_empty() {
                return (*ci, q.clone());
            }
            let w = match design {
                Design::Drawn => pool[rng.below(pool.len())],
                Design::Dealt { .. } => {
                    let (deck, next) = decks.entry((pool[0].0, pool[0].1 == D)).or_insert_with(|| {
                        let mut d = pool.clone();
                        for i in (1..d.len()).rev() {
                            d.swap(i, deal_rng.below(i + 1));
                        }
                        (d, 0)
                    });
                    let w = deck[*next % deck.len()];
                    *next += 1;
                    w
                }
            };
            (*ci, Query { text: format!("{}{}", w.2, &q.text[q.phrase.len()..]), wording: if w.1 == D { 0 } else { 2 }, phrase: w.2, ..q.clone() })
        })
        .collect()
}

/// What the set is measured with (the same as the templated requests').
pub(super) struct BlindSet<'a> {
    pub engine: &'a Engine,
    pub cases: &'a [protocol::Case],
    pub queries: &'a [(usize, Query)],
    /// The templated requests read without the LLM, with the target's rank without a request.
    pub rules_rows: &'a [Row<'a>],
    pub weights: QueryWeights,
    pub no_margin: QueryWeights,
    /// Also read so, paired (a candidate).
    pub compared: Option<Compared>,
    pub llm_mode: UnreadPhrases,
    pub has_llm: bool,
}

impl BlindSet<'_> {
    /// `set`'s held-out wordings (after `earlier`'s) in place of the requests' own; `what` describes the set.
    pub fn measure(&self, set: &'static Wordings, earlier: &Wordings, seed: u64, what: &str, design: Design) -> Result<serde_json::Value> {
        let kept = held_out(set, earlier);
        let requests = reworded(self.queries, &kept, seed, design);
        let read = |w: &QueryWeights, by: UnreadPhrases| -> Result<(Vec<Row>, Vec<f64>)> {
            let (mut rows, ms) = evaluate(self.engine, self.cases, &requests, w, false, by)?;
            // The same histories: "without" is the same recommend call.
            rows.iter_mut().zip(self.rules_rows).for_each(|(r, b)| r.3 = b.3);
            Ok((rows, ms))
        };
        let (rows, ms) = read(&self.weights, self.llm_mode)?;
        let llm_ms: Vec<f64> = rows.iter().zip(&ms).filter(|(r, _)| r.1.as_ref().is_some_and(|i| i.read_by_llm)).map(|(_, &m)| m).collect();
        let library = measure(&rows, ms, true);
        let (plain_rows, plain_ms) = read(&self.weights, UnreadPhrases::Similarity)?;
        let plain = measure(&plain_rows, plain_ms, true);
        let zero = if self.has_llm { let (r, ms) = read(&self.no_margin, self.llm_mode)?; Some(measure(&r, ms, true)) } else { None };
        let (other, other_rows) = match &self.compared {
            Some(c) => {
                let (r, ms) = read(&c.weights, self.llm_mode)?;
                (Some((c.key, measure(&r, ms, true))), Some((c.key, r)))
            }
            None => (None, None),
        };
        // Per wording: requests, mean genre F1 by the library and without the LLM.
        let mut per_wording: Vec<serde_json::Value> = Vec::new();
        for w in &kept {
            let f = |rows: &[Row]| -> Vec<f64> { rows.iter().filter(|r| r.0.phrase == w.2).map(|r| super::f1(&r.0.genres, &r.1.as_ref().map(|i| i.all_genres()).unwrap_or_default())).collect() };
            let (l, p) = (f(&rows), f(&plain_rows));
            let c = other_rows.as_ref().map(|(key, r)| (key, super::mean(&f(r))));
            // Whether an earlier set or example phrase of its genre has one of its content words (for the written-requests candidate).
            let content = |t: &str| words(t).into_iter().filter(|x| !is_stop(x)).collect::<Vec<_>>();
            let shares = content(w.2).iter().any(|x| earlier.iter().filter(|e| e.0 == w.0).any(|e| content(e.2).contains(x)));
            if !l.is_empty() {
                per_wording.push(serde_json::json!({"compared": c.map(|c| serde_json::json!({"key": c.0, "genre_f1": c.1})), "shares_content_word_with_earlier": shares, "genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "requests": l.len(), "genre_f1_library": super::mean(&l), "genre_f1_without_llm": super::mean(&p),
                    "read_as": rows.iter().find(|r| r.0.phrase == w.2).map(|r| r.1.as_ref().map_or("(unclear: refused)".to_string(), |i| if i.all_genres().is_empty() { "none".to_string() } else { i.all_genres().join(", ") }))}));
            }
        }
        let dropped: Vec<serde_json::Value> = set.iter().filter_map(|w| dropped_because(w.0, w.1, w.2, earlier).map(|why| serde_json::json!({"genre": w.0, "kind": format!("{:?}", w.1).to_lowercase(), "wording": w.2, "why": why}))).collect();
        let mut out = serde_json::json!({
            "what": what,
            "wordings": {"written": set.len(), "kept_direct": kept.iter().filter(|w| w.1 == D).count(), "kept_indirect": kept.iter().filter(|w| w.1 == I).count(), "dropped": dropped},
            "keys": "genre_f1_wording0: direct wordings; genre_f1_wording2: indirect",
            "library": library.json(),
            "margin_0": zero.as_ref().map(|z| z.json()),
            "without_llm": plain.json(),
            "paired_library_minus_without_llm": paired_difference(&library, &plain),
            "paired_library_minus_margin_0": zero.as_ref().map(|z| paired_difference(&library, z)),
            "llm_calls_ms": {"calls": llm_ms.len(), "p50": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.5)), "p99": (!llm_ms.is_empty()).then(|| percentile(&llm_ms, 0.99))},
            "per_wording": per_wording,
        });
        if let Some((key, m)) = &other {
            out[*key] = m.json();
            out[format!("paired_library_minus_{key}")] = serde_json::json!(paired_difference(&library, m));
        }
        if let Design::Dealt { level } = design {
            out["design"] = serde_json::json!({"dealt": true, "test_level": level, "test_resamples": TEST_RESAMPLES,
                "wordings_read": per_wording.len(), "requests_reworded": requests.iter().filter(|r| !r.1.phrase.is_empty()).count()});
            let mut pairs: Vec<(String, &Measured)> = vec![("paired_library_minus_without_llm".into(), &plain)];
            if let Some((key, m)) = &other {
                pairs.push((format!("paired_library_minus_{key}"), m));
            }
            for (name, m) in pairs {
                for k in ["genre_f1", "genre_f1_wording0", "genre_f1_wording2"] {
                    if let Some(ci) = paired_wording_ci_at(&library, m, k, level, TEST_RESAMPLES) {
                        out[&name][k]["ci_test_level_resampling_wordings"] = serde_json::json!(ci);
                    }
                }
            }
        }
        Ok(out)
    }
}

/// The markdown section of [`BlindSet::measure`]'s JSON.
pub(super) fn md(j: &serde_json::Value, margin: f32, title: &str) -> String {
    let cell = |v: &serde_json::Value| {
        if v.is_null() { "—".to_string() } else { format!("{} [{:.3}–{:.3}]", super::mean_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) }
    };
    let signed = |v: &serde_json::Value| if v.is_null() { "—".to_string() } else { format!("{} [{:+.3}…{:+.3}]", super::signed_ci_cell(v), v["ci95_resampling_wordings"][0].as_f64().unwrap_or(0.0), v["ci95_resampling_wordings"][1].as_f64().unwrap_or(0.0)) };
    let hr = |m: &serde_json::Value| format!("{:.4} ({:.2}×)", m["ranking"]["all"]["hr10_with"].as_f64().unwrap_or(0.0), m["ranking"]["all"]["hr10_ratio"].as_f64().unwrap_or(0.0));
    let w = &j["wordings"];
    let mut md = format!(
        "\n## {title}\n\n{}.\n\nKept {} direct and {} indirect wordings of {} written. Intervals: (resampling requests) [resampling wordings].\n\n| measure | the library (margin {margin}) | margin 0 | without the LLM | library minus without the LLM |\n|---|---|---|---|---|\n",
        j["what"].as_str().unwrap_or_default(), w["kept_direct"], w["kept_indirect"], w["written"]
    );
    for (k, name) in [("genre_f1", "genre F1"), ("genre_f1_wording0", "— direct"), ("genre_f1_wording2", "— indirect")] {
        md += &format!("| {name} | {} | {} | {} | {} |\n", cell(&j["library"]["reading"][k]), cell(&j["margin_0"]["reading"][k]), cell(&j["without_llm"]["reading"][k]), signed(&j["paired_library_minus_without_llm"][k]));
    }
    md += &format!("| HR@10 with the request (ratio to without) | {} | {} | {} | {} |\n", hr(&j["library"]), if j["margin_0"].is_null() { "—".into() } else { hr(&j["margin_0"]) }, hr(&j["without_llm"]), super::signed_ci_cell(&j["paired_library_minus_without_llm"]["hr10"]));
    for (key, name) in super::CANDIDATES {
        if !j[key].is_null() {
            let (c, d) = (&j[key]["reading"], &j[format!("paired_library_minus_{key}")]);
            md += &format!(
                "\nWith {name}: genre F1 {}, direct {}, indirect {}; HR@10 {}. The library minus it, paired: genre F1 {}, direct {}, indirect {}; HR@10 {}.\n",
                cell(&c["genre_f1"]), cell(&c["genre_f1_wording0"]), cell(&c["genre_f1_wording2"]), hr(&j[key]), signed(&d["genre_f1"]), signed(&d["genre_f1_wording0"]), signed(&d["genre_f1_wording2"]), super::signed_ci_cell(&d["hr10"])
            );
        }
    }
    if j["design"]["dealt"].as_bool() == Some(true) {
        let level = j["design"]["test_level"].as_f64().unwrap_or(0.0);
        md += &format!("\nDealt: {} wordings read over {} requests. Intervals at {:.4} ({} resamples of wordings in pairs), the library minus:", j["design"]["wordings_read"], j["design"]["requests_reworded"], level, j["design"]["test_resamples"]);
        for (key, name) in [("without_llm", "the reader without the LLM")].into_iter().chain(super::CANDIDATES.iter().copied()) {
            let d = &j[format!("paired_library_minus_{key}")];
            if !d.is_null() {
                let ci = |k: &str| format!("{:+.3} [{:+.3}…{:+.3}]", d[k]["mean"].as_f64().unwrap_or(0.0), d[k]["ci_test_level_resampling_wordings"][0].as_f64().unwrap_or(0.0), d[k]["ci_test_level_resampling_wordings"][1].as_f64().unwrap_or(0.0));
                md += &format!(" {name}: genre F1 {}, direct {}, indirect {};", ci("genre_f1"), ci("genre_f1_wording0"), ci("genre_f1_wording2"));
            }
        }
        md += "\n";
    }
    md += "\nIndirect wordings the library reads worst:\n\n| genre | wording | requests | genre F1: library / without the LLM | read as |\n|---|---|---|---|---|\n";
    let mut worst: Vec<&serde_json::Value> = j["per_wording"].as_array().into_iter().flatten().filter(|x| x["kind"] == "indirect").collect();
    worst.sort_by(|a, b| a["genre_f1_library"].as_f64().unwrap_or(0.0).total_cmp(&b["genre_f1_library"].as_f64().unwrap_or(0.0)));
    for x in worst.iter().take(12) {
        md += &format!("| {} | {} | {} | {:.2} / {:.2} | {} |\n", x["genre"].as_str().unwrap_or_default(), x["wording"].as_str().unwrap_or_default(), x["requests"], x["genre_f1_library"].as_f64().unwrap_or(0.0), x["genre_f1_without_llm"].as_f64().unwrap_or(0.0), x["read_as"].as_str().unwrap_or_default());
    }
    md
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Dealt, every kept wording of a genre and kind is read before any is
    /// read twice; drawn, some are left unread.
    #[test]
    fn dealing_reads_every_wording_before_repeating() {
        static SET: [(&str, Kind, &str); 8] = [
            ("Comedy", D, "one"), ("Comedy", D, "two"), ("Comedy", D, "three"), ("Comedy", D, "four"),
            ("Comedy", I, "five"), ("Comedy", I, "six"), ("Comedy", I, "seven"), ("Comedy", I, "eight"),
        ];
        let kept: Vec<_> = SET.iter().collect();
        let q = Query { kind: "genre", text: "a comedy please".into(), wording: 0, phrase: "a comedy", genres: vec!["Comedy".into()], years: None, reference: None };
        let plain = Query { phrase: "", text: "anything".into(), ..q.clone() };
        let queries: Vec<(usize, Query)> = (0..24).map(|i| (i, if i % 6 == 5 { plain.clone() } else { q.clone() })).collect();
        let dealt = reworded(&queries, &kept, 7, Design::Dealt { level: 0.95 });
        // The requests asking no genre are unchanged; the rest keep their tail.
        assert!(dealt.iter().filter(|r| r.0 % 6 == 5).all(|r| r.1.text == "anything"));
        assert!(dealt.iter().filter(|r| r.0 % 6 != 5).all(|r| r.1.text.ends_with(" please") && SET.iter().any(|w| w.2 == r.1.phrase)));
        for kind in [D, I] {
            let read: Vec<&str> = dealt.iter().filter(|r| !r.1.phrase.is_empty() && r.1.wording == if kind == D { 0 } else { 2 }).map(|r| r.1.phrase).collect();
            let first: Vec<&str> = read.iter().take(4).copied().collect();
            let mut distinct = first.clone();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), first.len().min(4), "{kind:?}: {read:?}");
        }
        // Drawn with replacement, 20 requests over 8 wordings leave some read twice before others.
        let drawn = reworded(&queries, &kept, 7, Design::Drawn);
        assert!(drawn.iter().filter(|r| r.0 % 6 != 5).all(|r| SET.iter().any(|w| w.2 == r.1.phrase)));
    }

    /// The rule drops what training or an earlier evaluation saw, and keeps
    /// enough of each kind for every genre.
    #[test]
    fn blind_wordings_are_held_out() {
        assert_eq!(BLIND_GENRE_WORDINGS.len(), 180);
        // "a comedy" is a templated wording; "zombies" a Horror training word.
        assert!(dropped_because("Comedy", D, "a comedy", &[]).is_some());
        assert!(dropped_because("Horror", I, "something with zombies", &[]).is_some_and(|w| w.contains("zombies")));
        assert!(dropped_because("Comedy", D, "some comedies", &[]).is_none());
        // A word another genre's training wordings use is not the genre's cue.
        assert!(dropped_because("Crime", I, "something about bootleggers and racketeers", &[]).is_none());
        assert!(dropped_because("Comedy", D, "some comedies", BLIND_GENRE_WORDINGS).is_some_and(|w| w.contains("earlier")));
        let kept = held_out(BLIND_GENRE_WORDINGS, &[]);
        let sixth = held_out(BLIND_GENRE_WORDINGS_6, BLIND_GENRE_WORDINGS);
        assert_eq!(BLIND_GENRE_WORDINGS_6.len(), 180);
        // The seventh: none repeats an earlier set's wording or an example phrase.
        let earlier = before_seventh();
        let seventh = held_out(BLIND_GENRE_WORDINGS_7, &earlier);
        assert_eq!(BLIND_GENRE_WORDINGS_7.len(), 216);
        assert_eq!((seventh.iter().filter(|w| w.1 == D).count(), seventh.iter().filter(|w| w.1 == I).count()), (33, 74));
        let norm = |t: &str| words(t).join(" ");
        assert!(seventh.iter().all(|w| earlier.iter().all(|e| norm(e.2) != norm(w.2))));
        // The eighth (unread until its pre-registered run): likewise after the seventh.
        let before = before_eighth();
        assert_eq!(BLIND_GENRE_WORDINGS_8.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_8, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The ninth (unread until its pre-registered run): likewise after the eighth.
        let before = before_ninth();
        assert_eq!(BLIND_GENRE_WORDINGS_9.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_9, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        let before = before_tenth();
        assert_eq!(BLIND_GENRE_WORDINGS_10.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_10, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        let before = before_eleventh();
        assert_eq!(BLIND_GENRE_WORDINGS_11.len(), 216);
        assert!(held_out(BLIND_GENRE_WORDINGS_11, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        // The twelfth: three writers' 864, no two the same once normalised.
        let before = before_twelfth();
        assert_eq!(BLIND_GENRE_WORDINGS_12.len(), 864);
        let mut n12: Vec<String> = BLIND_GENRE_WORDINGS_12.iter().map(|w| norm(w.2)).collect();
        n12.sort_unstable();
        n12.dedup();
        assert_eq!(n12.len(), 864);
        assert!(held_out(BLIND_GENRE_WORDINGS_12, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
        for (genre, _) in GENRE_WORDS {
            assert!(kept.iter().any(|w| w.0 == *genre && w.1 == D) && kept.iter().any(|w| w.0 == *genre && w.1 == I), "{genre}");
            assert!(sixth.iter().any(|w| w.0 == *genre), "{genre}");
            assert!(seventh.iter().any(|w| w.0 == *genre), "{genre}");
        }
        for w in kept.iter().chain(&sixth).chain(&seventh).filter(|w| w.1 == I) {
            let trained: Vec<String> = TRAIN_WORDINGS.iter().filter(|t| t.0 == w.0).flat_map(|t| t.1.iter().flat_map(|x| words(x))).collect();
            assert!(words(w.2).iter().filter(|x| !is_stop(x)).all(|x| !trained.contains(x)), "{w:?}");
        }
    }
}
