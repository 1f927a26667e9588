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

use super::{evaluate, measure, paired_difference, percentile, Compared, Query, Row, DEV_WORDINGS, GENRE_WORDS, READER_DEV_WORDINGS};
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

/// The held-out wordings of `set`: those not dropped.
fn held_out(set: &'static Wordings, earlier: &Wordings) -> Vec<&'static (&'static str, Kind, &'static str)> {
    set.iter().filter(|w| dropped_because(w.0, w.1, w.2, earlier).is_none()).collect()
}

/// The requests with a genre, their genre wording replaced by a held-out
/// one of the same genre (seeded: direct with probability 2/3, as the
/// templated requests' plain and synonym slots, then any of that kind; slot 0
/// for direct, 2 for indirect); the others unchanged.
fn reworded(queries: &[(usize, Query)], kept: &[&'static (&'static str, Kind, &'static str)], seed: u64) -> Vec<(usize, Query)> {
    let mut rng = SplitMix(seed);
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
            let Some(w) = (!pool.is_empty()).then(|| pool[rng.below(pool.len())]) else { return (*ci, q.clone()) };
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
    pub fn measure(&self, set: &'static Wordings, earlier: &Wordings, seed: u64, what: &str) -> Result<serde_json::Value> {
        let kept = held_out(set, earlier);
        let requests = reworded(self.queries, &kept, seed);
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
