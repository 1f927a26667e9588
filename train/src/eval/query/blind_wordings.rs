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

// The fifth to twelfth sets, as the helpers wrote them (genre, kind, wording);
// the library holds them since they became example phrases (the tenth to
// twelfth since session 37).
pub(crate) use dualrec::pipeline::written_requests::{
    WordingKind as Kind, EIGHTH_SET as BLIND_GENRE_WORDINGS_8, ELEVENTH_SET as BLIND_GENRE_WORDINGS_11, FIFTH_SET as BLIND_GENRE_WORDINGS, NINTH_SET as BLIND_GENRE_WORDINGS_9, SEVENTH_SET as BLIND_GENRE_WORDINGS_7,
    SIXTH_SET as BLIND_GENRE_WORDINGS_6, TENTH_SET as BLIND_GENRE_WORDINGS_10, TWELFTH_SET as BLIND_GENRE_WORDINGS_12,
};
use Kind::{Direct as D, Indirect as I};

/// The report's description of the sixth set.
pub(crate) const BLIND_6_WHAT: &str = "written on 2026-12-05 (session 28) by a second helper agent told not to read the repository or the fifth set, after the soft-genre candidate was pre-registered: 10 genre wordings per MovieLens genre (3 direct, 7 indirect), dropped by the fifth set's rule and where they repeat a fifth-set wording; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); nothing is chosen on it; it decides the soft-genre candidate (docs/eval/soft-llm-genres/README.md)";

pub(crate) const BLIND_7_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository, before the genre-exemplar candidate was built and read by no reader before its pre-registration (docs/eval/genre-exemplars/README.md): 12 genre wordings per MovieLens genre (4 direct, 8 indirect); dropped by the fifth set's rule and where they repeat a fifth- or sixth-set wording or one of the example phrases (src/pipeline/genre_exemplars.rs); put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar candidate";

pub(crate) const BLIND_8_WHAT: &str = "written on 2026-12-05 (session 29) by a helper agent told not to read the repository or any earlier set, after the llm-then-exemplars candidate was designed, and read by no reader before its pre-registration (docs/eval/llm-then-exemplars/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth-, sixth- or seventh-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the llm-then-exemplars candidate";

pub(crate) const BLIND_9_WHAT: &str = "written on 2026-12-05 (session 30) by a helper agent told not to read the repository, /tmp or any earlier set, after the exemplar-override candidate was designed, and read by no reader before its pre-registration (docs/eval/exemplar-override/README.md): 12 genre wordings per MovieLens genre (5 direct, including colloquial names; 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to eighth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the exemplar-override candidate";

/// The report's description of the tenth set.
pub(crate) const BLIND_10_WHAT: &str = "written on 2026-12-05 (session 31) by a helper agent told not to read the repository, /tmp or any earlier set (and to avoid a few stock phrasings), after the written-requests candidate was designed, and read by no reader before its pre-registration (docs/eval/written-requests/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to ninth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate";

/// The report's description of the eleventh set.
pub(crate) const BLIND_11_WHAT: &str = "written on 2026-12-05 (session 32) by a helper agent told not to read any file on the machine or use any search (and to avoid stock phrasings), before any reader read it, and read first by the pre-registered second test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-11/README.md): 12 genre wordings per MovieLens genre (5 direct, 7 indirect); dropped by the fifth set's rule and where they repeat a fifth- to tenth-set wording or an example phrase; put in place of the 600 test requests' genre wordings as the fifth set's (another seed); it decides the written-requests candidate's second test";

/// The thirteenth held-out set, as the three helpers wrote them (genre, kind,
/// wording), repeats within the set removed: see [`BLIND_13_WHAT`].
pub(crate) const BLIND_GENRE_WORDINGS_13: &[(&str, Kind, &str)] = &[
    ("Action", D, "action movie please"),
    ("Action", D, "ugh long day just put on some mindless action"),
    ("Action", D, "something action packed tonight"),
    ("Action", D, "give me a good action flick with a lot of fighting"),
    ("Action", I, "i want a guy taking on a whole building of bad guys by himself"),
    ("Action", I, "lots of punching, gunfights and stuff blowing up, no thinking required"),
    ("Action", I, "something with crazy stunts and nonstop adrenaline"),
    ("Action", I, "a retired special forces guy pulled back in who fights his way through everyone"),
    ("Action", I, "martial arts fights, like really well choreographed beatdowns"),
    ("Action", I, "ugh i just want to watch someone kick down doors and shoot it out with the bad guys"),
    ("Action", I, "muscles, one liners and a huge shootout at the end"),
    ("Action", I, "high speed motorbike chases and fistfights on rooftops"),
    ("Action", I, "something loud and fast where the hero never stops running and fighting"),
    ("Action", I, "a cop who goes rogue and blows up half the city to stop the villain"),
    ("Action", I, "brainless fun with big guns and bigger fireballs"),
    ("Action", I, "my brain is fried just show me people fighting on top of a moving train"),
    ("Adventure", D, "an adventure movie"),
    ("Adventure", D, "something adventurous tonight"),
    ("Adventure", D, "i'm in the mood for a big old adventure"),
    ("Adventure", D, "play a fun adventure film for the evening"),
    ("Adventure", I, "a treasure hunt through jungles and ancient temples"),
    ("Adventure", I, "explorers trekking across the desert looking for a lost city"),
    ("Adventure", I, "pirates sailing the high seas after buried gold"),
    ("Adventure", I, "a group setting off across unknown mountains and rivers with nothing but maps and compasses"),
    ("Adventure", I, "something with ropes, old maps and booby trapped tombs"),
    ("Adventure", I, "ugh i want to feel like i'm on an expedition somewhere wild and far away"),
    ("Adventure", I, "a couple of friends floating down a huge river on a homemade raft"),
    ("Adventure", I, "shipwrecked on an uncharted island trying to find a way home"),
    ("Adventure", I, "a daring trek up a mountain nobody has ever climbed"),
    ("Adventure", I, "a globe trotting archaeologist racing rivals to a hidden artifact"),
    ("Adventure", I, "hot air balloons, jungles, rivers, just going around the world on a quest"),
    ("Adventure", I, "something where regular people stumble onto a secret map and go chasing it"),
    ("Animation", D, "an animated movie"),
    ("Animation", D, "put on a cartoon movie"),
    ("Animation", D, "something animated and colourful for tonight"),
    ("Animation", D, "maybe some anime, i'm too tired for anything else"),
    ("Animation", I, "something hand drawn with beautiful colours, no real actors"),
    ("Animation", I, "one of those movies with glossy computer graphics and big eyed characters"),
    ("Animation", I, "stop motion with little clay figures"),
    ("Animation", I, "ugh i want something where everything is drawn, not filmed"),
    ("Animation", I, "the japanese style drawings with big eyes and forest spirits"),
    ("Animation", I, "a film made completely out of drawings, the kind studios spend years on frame by frame"),
    ("Animation", I, "i want computer generated characters, nothing live action"),
    ("Animation", I, "voice acting only, no actual people on screen"),
    ("Animation", I, "something like a saturday morning show but feature length"),
    ("Animation", I, "puppets moved one frame at a time, that handmade look"),
    ("Animation", I, "a movie where every scene looks like a painting come to life"),
    ("Animation", I, "drawn characters, bright colours, grown ups can enjoy it too"),
    ("Children's", D, "a children's movie"),
    ("Children's", D, "something for the kids tonight"),
    ("Children's", D, "put on a family film we can all watch"),
    ("Children's", D, "a movie for children, nothing inappropriate"),
    ("Children's", I, "my five year old is next to me so nothing with swearing or violence"),
    ("Children's", I, "my nephews are over and bouncing off the walls, something they'll actually sit through"),
    ("Children's", I, "something gentle the little ones can watch before bedtime"),
    ("Children's", I, "a sweet story about a puppy finding his way home, for my toddler"),
    ("Children's", I, "rated g only, my daughter is six"),
    ("Children's", I, "ugh i need something to keep a room of second graders quiet for an hour and a half"),
    ("Children's", I, "a story a seven year old would love, with a lesson about friendship"),
    ("Children's", I, "safe for little ones, talking animals and a happy ending"),
    ("Children's", I, "something the whole sleepover of eight year olds will enjoy"),
    ("Children's", I, "school's out and my son is bored, something made for his age, he's nine"),
    ("Children's", I, "innocent and wholesome for a preschooler, no frightening bits"),
    ("Children's", I, "a fun story about a boy and his magical pet, pitched at primary school age"),
    ("Comedy", D, "a comedy please"),
    ("Comedy", D, "something funny, i need it"),
    ("Comedy", D, "ugh put on a dumb comedy"),
    ("Comedy", D, "i want a good laugh out loud comedy tonight"),
    ("Comedy", I, "something silly where i can just giggle and switch off"),
    ("Comedy", I, "goofy idiots getting into ridiculous situations"),
    ("Comedy", I, "two mismatched roommates driving each other nuts with awkward jokes"),
    ("Comedy", I, "a wedding where everything goes embarrassingly wrong and everyone is a mess"),
    ("Comedy", I, "lots of jokes, pratfalls and people saying dumb things"),
    ("Comedy", I, "i want to snort my drink out my nose"),
    ("Comedy", I, "light, witty banter, nothing serious at all"),
    ("Comedy", I, "a bunch of friends on a disastrous road trip cracking jokes the whole way"),
    ("Comedy", I, "long day, i need something light with constant jokes, nothing sad"),
    ("Comedy", I, "silly gags and pranks, the dumber the better"),
    ("Comedy", I, "a clueless guy bluffing his way through a job he has no idea how to do"),
    ("Comedy", I, "satire poking fun at office life"),
    ("Crime", D, "a crime movie"),
    ("Crime", D, "something about gangsters"),
    ("Crime", D, "i want a gritty crime film tonight"),
    ("Crime", D, "a good crime flick with some mobsters"),
    ("Crime", I, "a crew of pros planning the perfect bank heist"),
    ("Crime", I, "a mafia family fighting over who runs the city"),
    ("Crime", I, "the rise and fall of a drug kingpin"),
    ("Crime", I, "cops trying to bring down a big cartel"),
    ("Crime", I, "ugh i want something about hitmen and dirty money"),
    ("Crime", I, "a con artist pulling off a huge scam on rich people"),
    ("Crime", I, "corrupt detectives, mob bosses and shady deals in the city"),
    ("Crime", I, "a getaway driver who gets in over his head with the wrong people"),
    ("Crime", I, "inmates planning to bust out of a maximum security prison"),
    ("Crime", I, "a small time thief who gets hired for a robbery way above his level"),
    ("Crime", I, "money laundering, organized bosses and federal agents closing in"),
    ("Crime", I, "street hustlers, drug deals, and detectives on their tail"),
    ("Documentary", D, "a documentary please"),
    ("Documentary", D, "put on a good doc about anything"),
    ("Documentary", D, "i want to watch a nature documentary"),
    ("Documentary", D, "something documentary style, real life stuff"),
    ("Documentary", I, "real footage about life in the deep ocean with calm narration"),
    ("Documentary", I, "ugh i want to learn something real, interviews with actual people"),
    ("Documentary", I, "the real behind the scenes of how a famous band fell apart, with interviews and archive clips"),
    ("Documentary", I, "a narrated look at lions and elephants on the savannah"),
    ("Documentary", I, "an investigation into a real unsolved case with the actual people involved"),
    ("Documentary", I, "something educational about history with old archive footage"),
    ("Documentary", I, "a camera crew following real climbers trying to summit a mountain"),
    ("Documentary", I, "facts, experts and real footage about how the universe began"),
    ("Documentary", I, "real people telling their own stories, no actors"),
    ("Documentary", I, "an exposé on the food industry, interviews and hidden cameras"),
    ("Documentary", I, "something informative about a real chef, filmed over a year in their kitchen"),
    ("Documentary", I, "not made up, actual events, like following real candidates through an election campaign"),
    ("Drama", D, "put on a drama"),
    ("Drama", D, "i'm in the mood for a serious drama"),
    ("Drama", D, "something dramatic and emotional"),
    ("Drama", D, "a good family drama tonight"),
    ("Drama", I, "a slow, heavy story about a family falling apart after a loss"),
    ("Drama", I, "something with powerful performances about real human struggles"),
    ("Drama", I, "a character study about a man dealing with addiction"),
    ("Drama", I, "something emotional that will make me think about my own life"),
    ("Drama", I, "two estranged sisters coming home for their father's funeral"),
    ("Drama", I, "i want something serious and grown up, no jokes, no fights"),
    ("Drama", I, "a struggling single mother trying to keep her kids afloat"),
    ("Drama", I, "quiet, moving, the kind of film that wins awards for acting"),
    ("Drama", I, "ugh i want to feel something, a heavy story about regret"),
    ("Drama", I, "a young teacher changing the lives of troubled students"),
    ("Drama", I, "a man wrongly convicted fighting for years to clear his name"),
    ("Drama", I, "a marriage slowly crumbling, just talking, real and painful"),
    ("Fantasy", D, "a fantasy movie"),
    ("Fantasy", D, "something fantasy, epic fantasy if you have it"),
    ("Fantasy", D, "put on a fantasy film with lots of magic"),
    ("Fantasy", D, "ugh i want high fantasy tonight"),
    ("Fantasy", I, "wizards, dragons and a dark lord to defeat"),
    ("Fantasy", I, "elves and dwarves on a quest to destroy something evil"),
    ("Fantasy", I, "a young girl discovers she has magical powers and goes to a school for witches"),
    ("Fantasy", I, "enchanted forests, fairies and talking trees"),
    ("Fantasy", I, "a knight setting out to slay a dragon and save a kingdom"),
    ("Fantasy", I, "ugh something with swords, spells and mythical beasts"),
    ("Fantasy", I, "a kid falls through a portal into a magical world of strange creatures"),
    ("Fantasy", I, "an ancient prophecy, a chosen one, and a sorcerer who wants the throne"),
    ("Fantasy", I, "unicorns, trolls and castles in the clouds"),
    ("Fantasy", I, "a made up world with its own kingdoms and rules of magic"),
    ("Fantasy", I, "a wizard's apprentice learning spells in a tower full of enchanted objects"),
    ("Fantasy", I, "goblins, ogres and a hero with a glowing magic blade"),
    ("Film-Noir", D, "a film noir"),
    ("Film-Noir", D, "something noir tonight"),
    ("Film-Noir", D, "classic noir, black and white"),
    ("Film-Noir", D, "a noir detective film please"),
    ("Film-Noir", I, "a black and white movie with a hard boiled private eye and a femme fatale"),
    ("Film-Noir", I, "smoky offices, rain soaked streets, a detective in a trench coat narrating"),
    ("Film-Noir", I, "old hollywood, shadows through venetian blinds, everyone double crossing everyone"),
    ("Film-Noir", I, "a dame walks into a private eye's office and trouble follows"),
    ("Film-Noir", I, "a cynical gumshoe, jazz on the radio and a woman with secrets"),
    ("Film-Noir", I, "ugh i want that moody black and white style, tough guys in fedoras and cigarette smoke"),
    ("Film-Noir", I, "an insurance man seduced into a murder plot by a dangerous woman"),
    ("Film-Noir", I, "dark old detective films where nobody is innocent and it ends badly"),
    ("Film-Noir", I, "stark shadows, a voiceover from a doomed man, crooked cops in a city at night"),
    ("Film-Noir", I, "a classic hollywood movie about a drifter, a married woman and a plan to kill her husband"),
    ("Film-Noir", I, "fatalistic old black and white stuff, moral rot and high contrast lighting"),
    ("Film-Noir", I, "something with a tough talking private investigator, a crooked city and a woman you can't trust"),
    ("Horror", D, "a horror movie"),
    ("Horror", D, "something horror tonight, the gorier the better"),
    ("Horror", D, "ugh put on a creepy horror flick"),
    ("Horror", D, "i want a good scary movie"),
    ("Horror", I, "a haunted house where the family keeps hearing things at night"),
    ("Horror", I, "something that makes me sleep with the lights on"),
    ("Horror", I, "a masked killer picking off teenagers at a lake cabin"),
    ("Horror", I, "demon possession and a priest trying to save a little girl"),
    ("Horror", I, "ghosts, creaking floors, and something in the basement"),
    ("Horror", I, "flesh eating zombies overrunning a small town"),
    ("Horror", I, "ugh i want to jump out of my skin and hide behind a pillow"),
    ("Horror", I, "blood, gore, and a curse that kills everyone who touches it"),
    ("Horror", I, "a creepy doll that moves when nobody is looking"),
    ("Horror", I, "a werewolf stalking villagers under a full moon"),
    ("Horror", I, "something that will give me nightmares for a week"),
    ("Horror", I, "a group of friends in the woods being hunted by something inhuman"),
    ("Musical", D, "put on a musical"),
    ("Musical", D, "a musical with big dance numbers"),
    ("Musical", D, "something musical, like a broadway show on film"),
    ("Musical", D, "ugh i want a singalong musical tonight"),
    ("Musical", I, "people randomly bursting into song and dancing in the streets"),
    ("Musical", I, "big show tunes, tap dancing and a grand finale on stage"),
    ("Musical", I, "i want to sing along with every scene"),
    ("Musical", I, "a story told mostly through songs with huge choreographed numbers"),
    ("Musical", I, "a theatre production adapted for screen where the characters sing their feelings"),
    ("Musical", I, "high school kids singing and dancing in the cafeteria"),
    ("Musical", I, "old hollywood glamour with tuxedos, top hats and tap shoes"),
    ("Musical", I, "ugh just give me catchy songs and jazz hands"),
    ("Musical", I, "a whole story told in song, barely any spoken lines"),
    ("Musical", I, "a chorus line, spotlights and dancers belting out numbers"),
    ("Musical", I, "the characters stop the plot every few minutes for a song and dance routine"),
    ("Musical", I, "a rags to riches singer story with big show stopping song numbers"),
    ("Mystery", D, "a mystery movie"),
    ("Mystery", D, "something mysterious with a detective"),
    ("Mystery", D, "i want a good murder mystery"),
    ("Mystery", D, "put on a mystery tonight, classic kind"),
    ("Mystery", I, "a detective gathering everyone in the drawing room to reveal the killer"),
    ("Mystery", I, "a puzzle with clues where i can guess the culprit before the end"),
    ("Mystery", I, "a body found in a locked room and nobody knows how it happened"),
    ("Mystery", I, "an eccentric sleuth interviewing suspects at a snowed in country house"),
    ("Mystery", I, "ugh i want to play armchair detective and piece together the clues"),
    ("Mystery", I, "someone at the dinner party is the killer and everyone has a motive"),
    ("Mystery", I, "a small town disappearance with secrets and red herrings everywhere"),
    ("Mystery", I, "clues, suspects, alibis and a big reveal at the end"),
    ("Mystery", I, "an old lady amateur sleuth solving murders in her village"),
    ("Mystery", I, "a missing heiress and an investigator following a trail of clues"),
    ("Mystery", I, "a riddle that keeps unravelling until the twist explains everything"),
    ("Mystery", I, "something where i'm trying to work out who did it the whole time"),
    ("Romance", D, "a romance movie"),
    ("Romance", D, "something romantic tonight"),
    ("Romance", D, "a rom com please"),
    ("Romance", D, "ugh i just want a sappy love story"),
    ("Romance", I, "two strangers meet on a train and fall for each other"),
    ("Romance", I, "something sweet about falling in love, date night with my girlfriend"),
    ("Romance", I, "enemies who slowly realize they can't live without each other"),
    ("Romance", I, "a kiss in the rain kind of movie"),
    ("Romance", I, "a summer fling that turns into something real"),
    ("Romance", I, "childhood sweethearts reunited after years apart"),
    ("Romance", I, "a swoony story with a wedding and a grand gesture at the airport"),
    ("Romance", I, "ugh i want butterflies, two people who obviously belong together"),
    ("Romance", I, "a girl falls for her best friend's brother"),
    ("Romance", I, "letters between two lovers separated by distance"),
    ("Romance", I, "a slow burn between a bookshop owner and a charming stranger"),
    ("Romance", I, "something for valentine's day with my wife, all about love"),
    ("Sci-Fi", D, "a sci-fi movie"),
    ("Sci-Fi", D, "something science fiction tonight"),
    ("Sci-Fi", D, "i want some hard sci fi"),
    ("Sci-Fi", D, "ugh put on some sci fi, anything"),
    ("Sci-Fi", I, "aliens invading earth and humans fighting back"),
    ("Sci-Fi", I, "robots gaining consciousness and turning on their makers"),
    ("Sci-Fi", I, "astronauts stranded on a distant planet trying to survive"),
    ("Sci-Fi", I, "time travel paradoxes and alternate timelines"),
    ("Sci-Fi", I, "a dystopian future where machines run everything"),
    ("Sci-Fi", I, "interstellar fleets, laser battles and galactic empires"),
    ("Sci-Fi", I, "ugh i want something set hundreds of years in the future with cool tech"),
    ("Sci-Fi", I, "a crew on a long voyage to another star system"),
    ("Sci-Fi", I, "cloning and genetic engineering gone wrong in a futuristic lab"),
    ("Sci-Fi", I, "first contact with an alien species trying to communicate"),
    ("Sci-Fi", I, "cyborgs, neon cities and hackers jacked into virtual reality"),
    ("Sci-Fi", I, "a scientist builds a machine that opens a portal to another dimension"),
    ("Thriller", D, "a thriller for tonight"),
    ("Thriller", D, "something thrilling tonight"),
    ("Thriller", D, "a good psychological thriller please"),
    ("Thriller", D, "ugh i want a tense thriller, the twistier the better"),
    ("Thriller", I, "a cat and mouse game between a stalker and his victim"),
    ("Thriller", I, "something heart pounding where i can't breathe until the end"),
    ("Thriller", I, "a woman realizes her husband is not who he says he is"),
    ("Thriller", I, "a hostage situation with the clock ticking"),
    ("Thriller", I, "a conspiracy where an ordinary guy is hunted by people he can't trust"),
    ("Thriller", I, "nail biting, twist after twist, keep me guessing"),
    ("Thriller", I, "someone being watched in her own apartment and no one believes her"),
    ("Thriller", I, "a spy on the run from his own agency"),
    ("Thriller", I, "ugh i want my pulse racing the whole time, unbearably tense"),
    ("Thriller", I, "a serial killer playing mind games with a detective"),
    ("Thriller", I, "a kidnapping with a ransom deadline and a desperate parent"),
    ("Thriller", I, "paranoia and double crosses, nobody is who they seem"),
    ("War", D, "a war movie"),
    ("War", D, "something about war tonight"),
    ("War", D, "a good world war two film"),
    ("War", D, "ugh put on a gritty war film"),
    ("War", I, "soldiers in the trenches going over the top"),
    ("War", I, "a platoon stuck behind enemy lines trying to get home"),
    ("War", I, "a beach landing under heavy gunfire"),
    ("War", I, "fighter pilots in dogfights over the channel"),
    ("War", I, "a submarine crew hiding from destroyers"),
    ("War", I, "the brutal reality of combat and the bond between soldiers"),
    ("War", I, "a sniper duel in a bombed out city"),
    ("War", I, "ugh i want tanks, artillery and a squad fighting to hold a bridge"),
    ("War", I, "a medic saving lives on the battlefield without carrying a gun"),
    ("War", I, "young recruits shipped off to the jungle and changed forever"),
    ("War", I, "resistance fighters sabotaging the occupying army"),
    ("War", I, "generals planning a massive invasion and the grunts who pay the price"),
    ("Western", D, "just a western please"),
    ("Western", D, "put on a good western"),
    ("Western", D, "something western, spaghetti western if possible"),
    ("Western", D, "ugh i want a classic western tonight"),
    ("Western", I, "a lone gunslinger riding into a dusty frontier town"),
    ("Western", I, "a sheriff facing down a gang of outlaws on main street"),
    ("Western", I, "saloons, horses, six shooters and a showdown at sundown"),
    ("Western", I, "cattle drives across the open plains"),
    ("Western", I, "a bounty hunter tracking a wanted man through the desert"),
    ("Western", I, "ugh i want tumbleweeds, spurs and dusty boots"),
    ("Western", I, "a train robbery out on the frontier and a posse giving chase"),
    ("Western", I, "ranchers fighting land barons over water rights"),
    ("Western", I, "a gold rush town full of gamblers and gunfighters"),
    ("Western", I, "a wagon train heading west through dangerous territory"),
    ("Western", I, "an old retired gunfighter forced to pick up his revolver again"),
    ("Western", I, "wide open desert, horses, revolvers and a tough lawman"),
    ("Action", D, "put on an action movie for the sleepover"),
    ("Action", D, "i want see action film please, very fast one"),
    ("Action", D, "any good action flick for the dorm tonight"),
    ("Action", D, "show me some action with lots of fighting"),
    ("Action", I, "one guy fights his way alone through a whole building of bad guys"),
    ("Action", I, "we want punching, kicking and crazy stunts all night"),
    ("Action", I, "film where hero jump from roof to roof and shoot the villains"),
    ("Action", I, "something loud with gunfights so the guys stop talking"),
    ("Action", I, "a retired soldier has to rescue his daughter from kidnappers"),
    ("Action", I, "one cop against terrorists who took over a tall tower"),
    ("Action", I, "give me nonstop fights and stunts, no boring talking parts"),
    ("Action", I, "martial arts master beats everybody in the street"),
    ("Action", I, "pumped up movie with muscles, guns and a big final showdown"),
    ("Action", I, "something with adrenaline for our game night energy"),
    ("Action", I, "special agent runs, shoots and jumps out of a helicopter"),
    ("Action", I, "bodyguard protects a witness with lot of shooting and fist fights"),
    ("Adventure", D, "an adventure movie for the whole sleepover"),
    ("Adventure", D, "please find adventure film, i like travel and danger"),
    ("Adventure", D, "something adventurous we can all watch in the dorm"),
    ("Adventure", D, "show adventure movies with a big journey"),
    ("Adventure", I, "explorers look for lost treasure in the jungle"),
    ("Adventure", I, "a group travels across mountains and rivers to find a hidden city"),
    ("Adventure", I, "pirates sailing the sea looking for a gold map"),
    ("Adventure", I, "i want film about travel to far island and find secret temple"),
    ("Adventure", I, "some kids find an old map in the attic and go on a quest"),
    ("Adventure", I, "rope bridges over canyons, ancient ruins and booby traps"),
    ("Adventure", I, "a trip deep inside the earth to discover strange lands"),
    ("Adventure", I, "archaeologist running from traps in an old tomb"),
    ("Adventure", I, "a shipwreck survivor has to cross a wild island to get home"),
    ("Adventure", I, "big expedition through the desert on camels to find a legend"),
    ("Adventure", I, "we want to feel like we travel the world on a dangerous quest"),
    ("Adventure", I, "friends on a rafting trip down a wild river get lost"),
    ("Animation", D, "an animated movie for our sleepover"),
    ("Animation", D, "put on some animation please"),
    ("Animation", D, "i want cartoon movie, the drawn kind"),
    ("Animation", D, "show me anime films, the pretty ones from japan"),
    ("Animation", I, "a film made with clay figures moved frame by frame"),
    ("Animation", I, "everything drawn by hand with colorful pictures and no real actors"),
    ("Animation", I, "computer made characters like fish and cars that can talk"),
    ("Animation", I, "hand drawn film from japan with spirits and big eyes characters"),
    ("Animation", I, "stop motion puppets in a spooky little town"),
    ("Animation", I, "a movie where nobody is real actor, it is all drawings"),
    ("Animation", I, "we feel nostalgic, want the princess ones drawn in bright colors"),
    ("Animation", I, "a film made of pixels and 3d models with talking animals in the city"),
    ("Animation", I, "only voice actors and colorful characters, for a cozy night"),
    ("Animation", I, "drawn style like a comic book moving on the screen, no live actors"),
    ("Animation", I, "a film from the famous studio with the mouse logo, all drawn"),
    ("Animation", I, "computer generated little monsters, something pixar style"),
    ("Children's", D, "a children's movie for my little sister's sleepover"),
    ("Children's", D, "find film for children please, my son is six"),
    ("Children's", D, "something for kids, nothing too scary"),
    ("Children's", D, "family film suitable for young children"),
    ("Children's", I, "my little cousins are staying over, need something they can watch"),
    ("Children's", I, "babysitting three small kids tonight, need something safe and sweet"),
    ("Children's", I, "film good for seven years old, no bad words"),
    ("Children's", I, "a friendly dog and a little girl, something gentle before bedtime"),
    ("Children's", I, "my nephews are five and eight, what can we watch together"),
    ("Children's", I, "gentle story about sharing and friendship for toddlers"),
    ("Children's", I, "something my baby brother can watch without getting nightmares"),
    ("Children's", I, "a little boy makes friends with a magic pet at school"),
    ("Children's", I, "a silly film for first graders with talking animals"),
    ("Children's", I, "something the whole family with small kids can watch on sunday morning"),
    ("Children's", I, "a movie rated g for my daughter's birthday party"),
    ("Children's", I, "a nice film for young ones that teaches good values"),
    ("Comedy", D, "a comedy for the dorm tonight"),
    ("Comedy", D, "funny movie please, we need to laugh a lot"),
    ("Comedy", D, "show me comedies that are really stupid funny"),
    ("Comedy", D, "i want watch a comedy film with friends"),
    ("Comedy", I, "something so silly we are crying and rolling on the floor"),
    ("Comedy", I, "dumb jokes and awkward moments, we need to relax after exams"),
    ("Comedy", I, "two idiot friends get into trouble on a road trip"),
    ("Comedy", I, "film where everything goes wrong at a wedding in the most ridiculous way"),
    ("Comedy", I, "something light with jokes, my stomach should hurt from giggling"),
    ("Comedy", I, "a movie full of pranks and stupid mistakes"),
    ("Comedy", I, "we want to giggle all night at jokes about college life"),
    ("Comedy", I, "a dad dresses up as an old nanny to see his kids"),
    ("Comedy", I, "like a stand-up show but with a whole story"),
    ("Comedy", I, "a bachelor party goes terribly wrong in a big city"),
    ("Comedy", I, "nothing serious, just goofy stuff to cheer us up"),
    ("Comedy", I, "a clumsy man ruins every dinner with his girlfriend's parents"),
    ("Crime", D, "a crime movie for tonight"),
    ("Crime", D, "show me crime films about gangsters"),
    ("Crime", D, "i want crime story with police and robbers"),
    ("Crime", D, "put on a good crime drama"),
    ("Crime", I, "a mafia family fights for power in the city"),
    ("Crime", I, "a crew of thieves plans to rob a casino"),
    ("Crime", I, "drug dealers and dirty cops in a rough neighborhood"),
    ("Crime", I, "a mob boss and his sons running the family business"),
    ("Crime", I, "film about how a poor kid become a big drug boss"),
    ("Crime", I, "undercover cop joins a gang to bring it down from inside"),
    ("Crime", I, "money laundering, hitmen and betrayal"),
    ("Crime", I, "a gang of young guys from the streets doing robberies"),
    ("Crime", I, "story of a con man who tricks rich people for their money"),
    ("Crime", I, "the life of a hitman who works for the syndicate"),
    ("Crime", I, "a family of bootleggers smuggling alcohol during prohibition"),
    ("Crime", I, "a cartel smuggling drugs across the border"),
    ("Documentary", D, "a documentary for tonight"),
    ("Documentary", D, "documentary about animals please"),
    ("Documentary", D, "show me some docs about space"),
    ("Documentary", D, "i want to watch documentary film about history"),
    ("Documentary", I, "a real story with real people, not actors, about the ocean"),
    ("Documentary", I, "something educational about how our food is made"),
    ("Documentary", I, "a film that explains the planet with a calm narrator voice"),
    ("Documentary", I, "interviews with real musicians about their lives"),
    ("Documentary", I, "true footage of climbers on the highest mountain"),
    ("Documentary", I, "i want learn real facts about ancient egypt"),
    ("Documentary", I, "something for my essay about climate change, real information only"),
    ("Documentary", I, "behind the scenes of a real sports team during one season"),
    ("Documentary", I, "filmed in real life, following one family over many years"),
    ("Documentary", I, "an investigation by real journalists with archive footage"),
    ("Documentary", I, "nature filming of lions and elephants with narration"),
    ("Documentary", I, "non-fiction film about the internet and social media"),
    ("Drama", D, "a drama for tonight, something serious"),
    ("Drama", D, "please a good drama film"),
    ("Drama", D, "i want a dramatic movie about family"),
    ("Drama", D, "show me emotional dramas"),
    ("Drama", I, "a serious story about a family falling apart after a death"),
    ("Drama", I, "something deep and slow that makes us think about life"),
    ("Drama", I, "film about a student struggling with depression and school pressure"),
    ("Drama", I, "a father and son who did not talk for years try to fix things"),
    ("Drama", I, "sad story of a poor woman working hard to raise her children"),
    ("Drama", I, "we want to cry tonight, something heavy and real"),
    ("Drama", I, "a teacher changes the lives of kids in a tough school"),
    ("Drama", I, "about an immigrant family starting a new life in a new country"),
    ("Drama", I, "addiction, hard choices and real emotions"),
    ("Drama", I, "characters talking a lot and dealing with big problems, no action"),
    ("Drama", I, "a man gets sick and has to make peace with his past"),
    ("Drama", I, "story about grief and healing after a terrible accident"),
    ("Fantasy", D, "a fantasy movie for the sleepover"),
    ("Fantasy", D, "put on fantasy film with magic"),
    ("Fantasy", D, "something fantasy, like with elves"),
    ("Fantasy", D, "show me good fantasy movies"),
    ("Fantasy", I, "wizards, dragons and a magic sword"),
    ("Fantasy", I, "a young boy finds out he can do spells and goes to a school for witches"),
    ("Fantasy", I, "elves and dwarves fight together against a dark lord"),
    ("Fantasy", I, "a world with unicorns, fairies and enchanted forests"),
    ("Fantasy", I, "a girl goes through a secret door into a land with talking creatures"),
    ("Fantasy", I, "knights, castles and a curse from an old witch"),
    ("Fantasy", I, "something with mythical creatures and sorcery"),
    ("Fantasy", I, "prince must break a spell to save his kingdom"),
    ("Fantasy", I, "a genie comes out of a lamp and gives three wishes"),
    ("Fantasy", I, "magic powers, medieval world and a prophecy of a chosen one"),
    ("Fantasy", I, "i want the film where they use magic wands and potions"),
    ("Fantasy", I, "kingdom of giants and trolls hidden in the mountains"),
    ("Film-Noir", D, "a film noir tonight"),
    ("Film-Noir", D, "show me noir movies please"),
    ("Film-Noir", D, "classic noir detective movie"),
    ("Film-Noir", D, "some old black and white noir"),
    ("Film-Noir", I, "black and white, a tired private eye, a dangerous woman and rain"),
    ("Film-Noir", I, "shadowy old detective film with smoke and jazz"),
    ("Film-Noir", I, "old hollywood crime story with a femme fatale and narration"),
    ("Film-Noir", I, "a cynical detective talks in voiceover while walking dark streets"),
    ("Film-Noir", I, "a woman convinces a man to kill her husband for the insurance money"),
    ("Film-Noir", I, "dark old movies with hats, trench coats and cigarettes"),
    ("Film-Noir", I, "gloomy city at night where everyone lies, in black and white"),
    ("Film-Noir", I, "the old kind of detective film with shadows from window blinds"),
    ("Film-Noir", I, "a hard-boiled private investigator gets pulled into a double-cross"),
    ("Film-Noir", I, "a loser man falls for the wrong woman and everything goes bad, old style"),
    ("Film-Noir", I, "old grainy crime film where nobody can be trusted"),
    ("Film-Noir", I, "classic hollywood gangsters in fedoras and moody lighting"),
    ("Horror", D, "a horror movie for the sleepover"),
    ("Horror", D, "horror film please, very scary one"),
    ("Horror", D, "show me the scariest movies you have"),
    ("Horror", D, "i want watch horror at midnight"),
    ("Horror", I, "a haunted house where ghosts attack the family"),
    ("Horror", I, "we want to scream and hide under the blankets"),
    ("Horror", I, "demons possess a little girl"),
    ("Horror", I, "a masked killer hunts teenagers at a summer camp"),
    ("Horror", I, "zombies everywhere and lots of blood"),
    ("Horror", I, "something that makes us too afraid to turn off the lights"),
    ("Horror", I, "a doll that moves when nobody is looking"),
    ("Horror", I, "friends go into the woods and something evil follows them"),
    ("Horror", I, "a cursed video tape that kills whoever watches it"),
    ("Horror", I, "vampires attacking a small town at night, with gore"),
    ("Horror", I, "a lot of blood, gore and jump moments"),
    ("Horror", I, "playing with a ouija board at a sleepover wakes up a spirit"),
    ("Musical", D, "a musical for tonight"),
    ("Musical", D, "show me musical films with dancing"),
    ("Musical", D, "put on a movie musical please"),
    ("Musical", D, "i want musical film where they sing"),
    ("Musical", I, "characters suddenly break into song and dance in the street"),
    ("Musical", I, "a film with lots of singing, we want to sing along"),
    ("Musical", I, "big broadway style numbers with dancing"),
    ("Musical", I, "a story told through songs, like on a theater stage"),
    ("Musical", I, "high school students singing and dancing in the hallways"),
    ("Musical", I, "tap dancing in the rain and happy songs"),
    ("Musical", I, "we want karaoke night but with a movie"),
    ("Musical", I, "a choir competition with many songs"),
    ("Musical", I, "everybody singing their feelings instead of talking"),
    ("Musical", I, "show tunes and big dance routines"),
    ("Musical", I, "a film where the actors sing all the dialogue"),
    ("Musical", I, "a romance in paris told with songs and dance numbers"),
    ("Mystery", D, "a mystery movie tonight"),
    ("Mystery", D, "show me mystery films please"),
    ("Mystery", D, "something mysterious to solve with friends"),
    ("Mystery", D, "i want a good mystery story"),
    ("Mystery", I, "a detective finds out who killed the rich man at the dinner party"),
    ("Mystery", I, "passengers on a train and one of them is the killer"),
    ("Mystery", I, "we want to guess who did it before the end"),
    ("Mystery", I, "clues, secrets and a big reveal at the end"),
    ("Mystery", I, "a girl disappears and her friends look for clues"),
    ("Mystery", I, "a famous detective with a pipe and a magnifying glass"),
    ("Mystery", I, "a puzzle story where we try to find the murderer"),
    ("Mystery", I, "strange letters appear and nobody knows who sends them"),
    ("Mystery", I, "a small town with a secret nobody talks about"),
    ("Mystery", I, "everyone in the old mansion is a suspect"),
    ("Mystery", I, "a locked room and a crime that seems impossible"),
    ("Mystery", I, "a twist ending where the answer was hiding all along"),
    ("Romance", D, "a romance movie for girls night"),
    ("Romance", D, "show me romantic films"),
    ("Romance", D, "i want a love story film"),
    ("Romance", D, "something romantic for date night"),
    ("Romance", I, "two people fall in love in paris"),
    ("Romance", I, "cute couple, kissing in the rain, happy ending"),
    ("Romance", I, "a guy and a girl hate each other at first but slowly fall for each other"),
    ("Romance", I, "something sweet about a first crush"),
    ("Romance", I, "lovers from different worlds who can not be together"),
    ("Romance", I, "a wedding, a proposal and butterflies in the stomach"),
    ("Romance", I, "my girlfriend wants something with kissing and flowers"),
    ("Romance", I, "he writes her letters every day for a whole year"),
    ("Romance", I, "two strangers meet on a train and talk all night"),
    ("Romance", I, "a summer fling that turns into true love"),
    ("Romance", I, "heart warming couple story for valentine's day"),
    ("Romance", I, "she has to choose between two boys who both love her"),
    ("Sci-Fi", D, "a sci-fi movie for the dorm"),
    ("Sci-Fi", D, "show me science fiction films"),
    ("Sci-Fi", D, "i want a good sci fi with aliens"),
    ("Sci-Fi", D, "put on some sci-fi please"),
    ("Sci-Fi", I, "aliens invade earth and humans fight back"),
    ("Sci-Fi", I, "astronauts stuck on a space station far from home"),
    ("Sci-Fi", I, "robots take over the world"),
    ("Sci-Fi", I, "time travel and future technology"),
    ("Sci-Fi", I, "a crew traveling to another planet in a rocket"),
    ("Sci-Fi", I, "a world in the future where computers control people"),
    ("Sci-Fi", I, "cyborgs, lasers and galaxies far away"),
    ("Sci-Fi", I, "a film about artificial intelligence becoming alive"),
    ("Sci-Fi", I, "life in a colony on mars with strange technology"),
    ("Sci-Fi", I, "humans wake up after centuries of sleep on a long voyage between stars"),
    ("Sci-Fi", I, "clones and genetic experiments in a far future"),
    ("Thriller", D, "show me thriller films please"),
    ("Thriller", D, "i want a good suspense thriller"),
    ("Thriller", D, "something really suspenseful"),
    ("Thriller", I, "a woman is being followed by a stranger and nobody believes her"),
    ("Thriller", I, "heart pounding and tense, we cannot breathe until the end"),
    ("Thriller", I, "a man wakes up with no memory and people are trying to kill him"),
    ("Thriller", I, "stalker, psycho, a cat and mouse game"),
    ("Thriller", I, "a kidnapping and the family has only one day to pay"),
    ("Thriller", I, "tense story where the new nanny is not who she seems"),
    ("Thriller", I, "a spy being hunted by his own agency"),
    ("Thriller", I, "twist after twist, very tense, nervous all the time"),
    ("Thriller", I, "a hacker discovers a conspiracy and now he is in danger"),
    ("Thriller", I, "someone is watching the family through hidden cameras"),
    ("Thriller", I, "a couple on vacation and the hosts have dark plans"),
    ("Thriller", I, "psychological games that make you doubt everyone"),
    ("War", D, "show me war films about soldiers"),
    ("War", D, "i want a movie about war in the trenches"),
    ("War", D, "some war film for the guys tonight"),
    ("War", I, "soldiers landing on the beach under heavy fire"),
    ("War", I, "a platoon trapped behind enemy lines"),
    ("War", I, "pilots fighting in the sky during a big battle"),
    ("War", I, "a submarine crew hiding from enemy ships"),
    ("War", I, "troops in the jungle with helicopters over the battlefield"),
    ("War", I, "a sniper on the front line in a destroyed city"),
    ("War", I, "a medic saves wounded men on the battlefield without a gun"),
    ("War", I, "generals, tanks and the invasion of a country"),
    ("War", I, "a squad must rescue one private from behind the front"),
    ("War", I, "life in the army barracks and then deployment"),
    ("War", I, "brotherhood between men in uniform under bombing"),
    ("War", I, "resistance fighters against the occupation in a small village"),
    ("Western", D, "a western for tonight"),
    ("Western", D, "show me western movies"),
    ("Western", D, "i want see old western film with horses"),
    ("Western", D, "put on a spaghetti western"),
    ("Western", I, "a sheriff and outlaws in a dusty town with a saloon"),
    ("Western", I, "gunslingers face each other in a duel on main street"),
    ("Western", I, "horses, desert, revolvers and tumbleweeds"),
    ("Western", I, "train robbery on the wild frontier"),
    ("Western", I, "a lone rider comes to a town ruled by bandits"),
    ("Western", I, "ranchers fighting over land on the prairie"),
    ("Western", I, "a wagon train crossing the plains"),
    ("Western", I, "a bounty hunter chasing a wanted man across the desert"),
    ("Western", I, "gold rush town full of shootouts"),
    ("Western", I, "a cattle drive through dangerous country"),
    ("Western", I, "a marshal protects a town from a gang of desperados"),
    ("Western", I, "boots, spurs and a showdown at sunset"),
    ("Action", D, "an action movie for tonight please"),
    ("Action", D, "something action packed we can all agree on"),
    ("Action", D, "put on a good action flick"),
    ("Action", D, "find us a high octane action film"),
    ("Action", I, "lots of fist fights and shootouts, my husband wants nonstop adrenaline"),
    ("Action", I, "one man takes on a whole army of bad guys single handed"),
    ("Action", I, "a retired special forces guy pulled back in for one last mission"),
    ("Action", I, "the hero jumps off a building and walks away from the fireball"),
    ("Action", I, "something loud with big stunts and a body count for the guys tonight"),
    ("Action", I, "a cop who breaks every rule chasing a gang through the city"),
    ("Action", I, "martial arts fighting with plenty of kicks and punches"),
    ("Action", I, "no thinking required, just punches, bullets and a countdown to stop a bomb"),
    ("Action", I, "terrorists take over a building and one guy fights them off"),
    ("Action", I, "a muscle bound hero with big guns mowing down bad guys everywhere"),
    ("Action", I, "motorcycle stunts, rooftop fights and a hero who never runs out of bullets"),
    ("Action", I, "a bodyguard fighting off hitmen to protect a witness"),
    ("Adventure", D, "an adventure film for the family tonight"),
    ("Adventure", D, "a good old fashioned adventure movie"),
    ("Adventure", D, "something adventurous we can both enjoy"),
    ("Adventure", D, "an adventure story with plenty of excitement"),
    ("Adventure", I, "a treasure hunt through the jungle with ancient ruins and booby traps"),
    ("Adventure", I, "explorers searching for a lost city in the mountains"),
    ("Adventure", I, "a band of travelers on a long dangerous journey across the desert"),
    ("Adventure", I, "a shipwreck and the survivors stranded on a deserted island"),
    ("Adventure", I, "swashbuckling pirates sailing the high seas after buried gold"),
    ("Adventure", I, "an archaeologist with a whip racing rivals to find an old relic"),
    ("Adventure", I, "a trek up a remote mountain to find something legendary"),
    ("Adventure", I, "we feel like a globe trotting quest with maps and hidden temples"),
    ("Adventure", I, "like the ones i saw as a boy about men going down the amazon river in canoes"),
    ("Adventure", I, "a voyage into uncharted territory with danger around every corner"),
    ("Adventure", I, "safaris, rafts and a search for a missing explorer"),
    ("Adventure", I, "a young lad running away to sea and having one escapade after another"),
    ("Animation", D, "an animated movie tonight"),
    ("Animation", D, "a cartoon film we can all watch"),
    ("Animation", D, "something animated please, the grandkids are here"),
    ("Animation", D, "a good animated feature for grownups and kids alike"),
    ("Animation", I, "the little ones love those colorful drawn films where the animals talk"),
    ("Animation", I, "one of those computer drawn films about toys that come alive"),
    ("Animation", I, "clay figures moved frame by frame, that handmade look"),
    ("Animation", I, "a fully computer drawn film about a fish looking for his son"),
    ("Animation", I, "japanese style drawings with big eyes and beautiful hand painted landscapes"),
    ("Animation", I, "a drawn film with a princess and singing teapots"),
    ("Animation", I, "not live action, all drawn, with talking cars"),
    ("Animation", I, "the kind of film where everything is drawn by artists, even the people"),
    ("Animation", I, "a feature length version of the saturday morning shows i grew up on"),
    ("Animation", I, "voice actors playing talking animals in a pixel perfect computer world"),
    ("Animation", I, "paper cutout style or hand painted frames, something artsy"),
    ("Animation", I, "one where the characters are sketched rather than played by real actors"),
    ("Children's", D, "a children's film for the little ones"),
    ("Children's", D, "a family friendly film suitable for young children"),
    ("Children's", D, "a movie for children, nothing frightening"),
    ("Children's", I, "the grandsons are staying over and they are five and seven"),
    ("Children's", I, "something gentle a toddler can watch without nightmares"),
    ("Children's", I, "a story about a boy and his loyal dog finding their way home"),
    ("Children's", I, "we are babysitting, need something with no swearing for the little ones"),
    ("Children's", I, "a talking pig on a farm who wants to prove himself"),
    ("Children's", I, "something sweet for a sleepover of eight year olds"),
    ("Children's", I, "a magical nanny who looks after naughty youngsters"),
    ("Children's", I, "a film the whole family can sit through including the youngest"),
    ("Children's", I, "a group of young friends with a lost puppy on a big outing in the neighborhood"),
    ("Children's", I, "the little one is home sick and wants something cheerful"),
    ("Children's", I, "a story about a girl and her pony for a nine year old"),
    ("Children's", I, "bedtime viewing for our grandson, something wholesome and simple"),
    ("Comedy", D, "a comedy for tonight"),
    ("Comedy", D, "something funny to unwind with"),
    ("Comedy", D, "a good laugh, a silly comedy"),
    ("Comedy", D, "a light comedy we can both enjoy"),
    ("Comedy", I, "something that will have us in stitches after a long week"),
    ("Comedy", I, "two idiots on a road trip getting into ridiculous trouble"),
    ("Comedy", I, "slapstick pratfalls and silly jokes, nothing serious"),
    ("Comedy", I, "we need a giggle, no sad endings"),
    ("Comedy", I, "a bunch of friends at a wedding where everything goes absurdly wrong"),
    ("Comedy", I, "lots of one liners and goofy situations"),
    ("Comedy", I, "i want to be rolling on the floor tonight"),
    ("Comedy", I, "something daft and lighthearted for a friday with pizza"),
    ("Comedy", I, "like those old ones with the man who keeps falling over and pulling faces"),
    ("Comedy", I, "a guy has to pretend to be his twin brother and chaos follows"),
    ("Comedy", I, "an awkward dinner with the in-laws that goes off the rails, played for giggles"),
    ("Comedy", I, "belly laughs and silly gags, nothing heavy"),
    ("Crime", D, "a crime movie tonight"),
    ("Crime", D, "a good crime drama"),
    ("Crime", D, "a gritty crime film for us"),
    ("Crime", D, "something about organized crime"),
    ("Crime", I, "a mob family and the son who takes over the business"),
    ("Crime", I, "a crew of professional thieves planning a bank heist"),
    ("Crime", I, "drug dealers and undercover cops in a rough city"),
    ("Crime", I, "the mafia, loyalty, and someone getting whacked"),
    ("Crime", I, "bootleggers running liquor and shaking down shop owners"),
    ("Crime", I, "a con artist who swindles rich people and stays one step ahead of the feds"),
    ("Crime", I, "the rise and fall of a cocaine kingpin"),
    ("Crime", I, "a bent detective taking bribes from the mob"),
    ("Crime", I, "a robbery planned down to the minute where the gang turns on each other"),
    ("Crime", I, "a getaway driver who gets in over his head"),
    ("Crime", I, "hitmen chatting in a diner before a job"),
    ("Crime", I, "an agent who infiltrates the mob and starts losing himself"),
    ("Documentary", D, "a good documentary about nature"),
    ("Documentary", D, "a doc about real events"),
    ("Documentary", D, "some kind of documentary film tonight"),
    ("Documentary", I, "real footage of wildlife in the arctic with a calm narrator"),
    ("Documentary", I, "a true story told with interviews of the actual people involved, no actors"),
    ("Documentary", I, "something educational about the history of the pyramids"),
    ("Documentary", I, "a film following real climbers up a mountain, nothing acted"),
    ("Documentary", I, "narrated nature footage of lions on the savanna"),
    ("Documentary", I, "something factual about how food gets from the farm to our plates"),
    ("Documentary", I, "real people and real interviews about a famous trial"),
    ("Documentary", I, "like those programs on public television about the ocean with the soothing british voice"),
    ("Documentary", I, "behind the scenes of a real band on tour, filmed as it happened"),
    ("Documentary", I, "an investigation into a big company scandal with archive footage"),
    ("Documentary", I, "something informative about space exploration with real astronauts talking"),
    ("Documentary", I, "a film spending a year with real families in a remote mountain village"),
    ("Drama", D, "a drama tonight"),
    ("Drama", D, "a serious drama please"),
    ("Drama", D, "a good heavy drama for the two of us"),
    ("Drama", D, "a family drama"),
    ("Drama", I, "something emotional about a family dealing with a terminal illness"),
    ("Drama", I, "a serious story about a man trying to rebuild his life after prison"),
    ("Drama", I, "a slow character study that makes you think"),
    ("Drama", I, "a struggling single mother fighting to keep her kids"),
    ("Drama", I, "something meaningful with great performances, no shooting or stunts"),
    ("Drama", I, "a story about an alcoholic father and the son who tries to forgive him"),
    ("Drama", I, "the kind that wins all the awards and leaves you quietly reflecting"),
    ("Drama", I, "a grown up story about a marriage falling apart"),
    ("Drama", I, "something that will make us cry and think about life"),
    ("Drama", I, "a teacher who changes the lives of troubled students"),
    ("Drama", I, "a powerful story about grief and forgiveness"),
    ("Drama", I, "an elderly man coming to terms with his regrets"),
    ("Fantasy", D, "a fantasy epic tonight"),
    ("Fantasy", D, "something in the fantasy genre with magic"),
    ("Fantasy", D, "a sword and sorcery fantasy"),
    ("Fantasy", I, "wizards, dragons and an enchanted kingdom"),
    ("Fantasy", I, "a quest to destroy a cursed object across a land of elves and dwarves"),
    ("Fantasy", I, "a young boy discovers he has magical powers and goes to a special school"),
    ("Fantasy", I, "trolls and goblins in a hidden world under the forest"),
    ("Fantasy", I, "a girl steps through a doorway into a land of talking beasts and a wicked queen"),
    ("Fantasy", I, "sorcerers casting spells and mythical creatures"),
    ("Fantasy", I, "a knight sets out to slay a dragon and rescue a princess"),
    ("Fantasy", I, "unicorns, fairies and a dark lord"),
    ("Fantasy", I, "a magical world with its own kingdoms, maps and prophecies"),
    ("Fantasy", I, "a genie granting three wishes to a poor boy"),
    ("Fantasy", I, "a hero chosen by a prophecy to wield an enchanted sword"),
    ("Fantasy", I, "witches and warlocks battling in a realm of myth"),
    ("Film-Noir", D, "a classic noir in black and white"),
    ("Film-Noir", D, "something noir tonight, with a detective"),
    ("Film-Noir", D, "an old noir picture"),
    ("Film-Noir", I, "a hard boiled private eye in a trench coat, shadows and cigarette smoke"),
    ("Film-Noir", I, "a femme fatale who lures a poor sap into murder"),
    ("Film-Noir", I, "black and white, rain slicked streets, venetian blind shadows, a cynical narrator"),
    ("Film-Noir", I, "a tough gumshoe in a fedora getting double crossed in the big city"),
    ("Film-Noir", I, "one of those old black and white pictures with a sultry dame and a doomed insurance man"),
    ("Film-Noir", I, "a washed up detective narrating his own downfall from a smoky office"),
    ("Film-Noir", I, "a moody black and white picture with a dangerous blonde and lots of voiceover"),
    ("Film-Noir", I, "a lonely man drawn into a scheme by a woman he should never have trusted"),
    ("Film-Noir", I, "hard bitten dialogue, a nightclub singer and a murder in the fog"),
    ("Film-Noir", I, "a world weary detective, a missing husband and everyone lying"),
    ("Film-Noir", I, "the old pictures where the hero smokes, calls her doll and ends up dead"),
    ("Film-Noir", I, "a fatalistic story shot in deep shadows with a twist of betrayal"),
    ("Horror", D, "something really scary tonight"),
    ("Horror", D, "a horror film for halloween night"),
    ("Horror", D, "a creepy horror flick"),
    ("Horror", I, "a haunted house where something evil lives in the basement"),
    ("Horror", I, "a masked killer stalking teenagers at a summer camp"),
    ("Horror", I, "demons possessing a little girl and a priest called in"),
    ("Horror", I, "something that will keep me sleeping with the lights on"),
    ("Horror", I, "zombies overrunning a small town"),
    ("Horror", I, "a cursed doll that moves on its own at night"),
    ("Horror", I, "vampires preying on a remote village"),
    ("Horror", I, "blood, gore and a chainsaw"),
    ("Horror", I, "friends in a cabin in the woods and something hunting them one by one"),
    ("Horror", I, "i want to jump out of my skin and hide behind a cushion"),
    ("Horror", I, "a ghost child whispering in the walls of an old mansion"),
    ("Horror", I, "werewolves and screaming in the dark"),
    ("Musical", D, "a musical tonight"),
    ("Musical", D, "a big broadway style musical"),
    ("Musical", D, "a movie musical with lots of songs"),
    ("Musical", D, "an old hollywood musical"),
    ("Musical", I, "people bursting into song and dancing in the streets"),
    ("Musical", I, "lots of singing and tap dancing, big numbers"),
    ("Musical", I, "a story told through songs with a big chorus line"),
    ("Musical", I, "something where the characters sing their feelings"),
    ("Musical", I, "song and dance numbers with big costumes"),
    ("Musical", I, "the nun and the singing family in the mountains"),
    ("Musical", I, "like the old ones with the man dancing in the rain with an umbrella"),
    ("Musical", I, "showtunes we can sing along to on the couch"),
    ("Musical", I, "a stage show adapted for the screen with dancers and an orchestra"),
    ("Musical", I, "we want to sing along, big catchy numbers and choreography"),
    ("Musical", I, "rival street gangs settling their differences in dance"),
    ("Musical", I, "a glittering show with a leading lady belting out ballads"),
    ("Mystery", D, "a good mystery to solve together"),
    ("Mystery", D, "a murder mystery tonight"),
    ("Mystery", D, "a classic mystery with a clever detective"),
    ("Mystery", I, "a detective gathers all the suspects in the drawing room to reveal the killer"),
    ("Mystery", I, "a body found in a locked room and nobody could have done it"),
    ("Mystery", I, "an investigator on a train full of passengers all hiding secrets"),
    ("Mystery", I, "clues, red herrings and a twist at the end about who did it"),
    ("Mystery", I, "an old lady in a village who solves murders over tea"),
    ("Mystery", I, "a fussy little foreign detective with a waxed mustache"),
    ("Mystery", I, "we want to guess the culprit before the end"),
    ("Mystery", I, "a guest goes missing at a country house and everyone is a suspect"),
    ("Mystery", I, "piecing together clues to figure out what happened to a missing girl"),
    ("Mystery", I, "a puzzle of a story where you have to pay attention to every detail"),
    ("Mystery", I, "amateur sleuths looking into a strange disappearance in a small town"),
    ("Mystery", I, "a famous detective with a pipe and his doctor friend"),
    ("Romance", D, "a romance for tonight"),
    ("Romance", D, "a romantic movie for date night"),
    ("Romance", D, "something romantic for the two of us"),
    ("Romance", D, "a love story"),
    ("Romance", I, "two people who meet by chance and fall head over heels"),
    ("Romance", I, "a couple separated for years who find their way back to each other"),
    ("Romance", I, "something swoony for our anniversary night"),
    ("Romance", I, "a grand passionate affair with a kiss in the rain"),
    ("Romance", I, "childhood sweethearts reunited after many summers apart"),
    ("Romance", I, "a wedding planner who falls for the groom"),
    ("Romance", I, "a prince who falls for a commoner"),
    ("Romance", I, "letters between two strangers who slowly fall for each other"),
    ("Romance", I, "something with longing glances and a happy ever after"),
    ("Romance", I, "boy meets girl, they lose each other, they find each other again"),
    ("Romance", I, "the wife wants candles and two people falling for each other on screen"),
    ("Romance", I, "a holiday fling in italy that becomes the real thing"),
    ("Sci-Fi", D, "some science fiction tonight"),
    ("Sci-Fi", D, "a good sci fi flick"),
    ("Sci-Fi", D, "something science fiction with aliens"),
    ("Sci-Fi", I, "astronauts stranded on mars trying to survive"),
    ("Sci-Fi", I, "robots rising up against humans in the future"),
    ("Sci-Fi", I, "time travel to the future and back again"),
    ("Sci-Fi", I, "aliens landing on earth and making contact"),
    ("Sci-Fi", I, "a starship crew exploring distant galaxies"),
    ("Sci-Fi", I, "a bleak tomorrow where machines run everything"),
    ("Sci-Fi", I, "a scientist builds an android that starts to feel emotions"),
    ("Sci-Fi", I, "a colony on a distant planet with laser weapons"),
    ("Sci-Fi", I, "cloning, genetic engineering and a future gone wrong"),
    ("Sci-Fi", I, "a crew in cryosleep waking up light years from home"),
    ("Sci-Fi", I, "a virtual reality world that turns out to be a simulation"),
    ("Sci-Fi", I, "the kind with flying saucers and ray guns like i watched as a child"),
    ("Thriller", D, "a thriller for tonight please"),
    ("Thriller", D, "a tense thriller"),
    ("Thriller", D, "a psychological thriller tonight"),
    ("Thriller", D, "a political thriller"),
    ("Thriller", I, "a woman realizes her husband isn't who he says he is"),
    ("Thriller", I, "a man is framed and on the run from the authorities"),
    ("Thriller", I, "a stalker who knows everything about the family"),
    ("Thriller", I, "something gripping that keeps us clutching the armrest"),
    ("Thriller", I, "a kidnapping with a ticking clock and a ransom"),
    ("Thriller", I, "an assassination plot and a government conspiracy"),
    ("Thriller", I, "nail biting twists we won't see coming until the last minute"),
    ("Thriller", I, "a serial killer being hunted by a profiler"),
    ("Thriller", I, "someone is watching her through the window and nobody believes her"),
    ("Thriller", I, "a hostage standoff with a negotiator"),
    ("Thriller", I, "cat and mouse between a spy and the agency that betrayed him"),
    ("Thriller", I, "a desperate escape with a killer close behind, heart pounding"),
    ("War", D, "a good war film"),
    ("War", D, "a world war two film"),
    ("War", D, "a war epic with battles"),
    ("War", I, "soldiers storming a beach under heavy fire"),
    ("War", I, "a platoon trapped behind enemy lines in the jungle"),
    ("War", I, "life in the trenches with mud and barbed wire"),
    ("War", I, "a bomber crew flying missions over europe"),
    ("War", I, "a submarine crew being hunted by destroyers"),
    ("War", I, "my father served, i want something about the men in the foxholes"),
    ("War", I, "a squad sent to rescue one private"),
    ("War", I, "captured soldiers planning a breakout from a camp"),
    ("War", I, "generals planning an invasion and the soldiers who carry it out"),
    ("War", I, "tanks rolling across the desert and the battle for a town"),
    ("War", I, "the horrors of combat and young men who never came home"),
    ("War", I, "a pilot shot down over enemy territory trying to get back to his unit"),
    ("Western", D, "put on a western"),
    ("Western", D, "a classic western tonight"),
    ("Western", D, "a spaghetti western"),
    ("Western", D, "a good old western for grandpa"),
    ("Western", I, "gunslingers facing off at noon on a dusty main street"),
    ("Western", I, "a sheriff cleaning up a lawless frontier town"),
    ("Western", I, "cattle drives across the open range"),
    ("Western", I, "saloons, six shooters and a stranger riding into town"),
    ("Western", I, "outlaws robbing a stagecoach in the desert"),
    ("Western", I, "a ranch family defending their land from cattle barons"),
    ("Western", I, "a bounty hunter tracking a wanted man across the badlands"),
    ("Western", I, "wagon trains crossing the plains and the hardships of the trail"),
    ("Western", I, "the kind of picture my dad loved, horses, hats and shootouts on the prairie"),
    ("Western", I, "a lone gunman with a poncho and a squint"),
    ("Western", I, "a posse chasing bandits to the mexican border"),
    ("Western", I, "homesteaders, a marshal and a gunfight at the corral"),
];

/// The report's description of the twelfth set.
pub(crate) const BLIND_12_WHAT: &str = "written on 2026-12-05 (session 33) by three helper agents told not to read any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (a family; young adults; older viewers and film buffs), before any reader read it, and read first by the pre-registered third test of the written-requests candidate (docs/eval/written-requests/README.md, docs/eval/blind-12/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to eleventh-set wording or an example phrase; dealt (not drawn) in place of the 600 test requests' genre wordings, so every kept wording is read before any is read twice; the candidate's paired difference judged at 1 - 0.05/3 over 10,000 resamples of wordings";

/// The report's description of the thirteenth set.
pub(crate) const BLIND_13_WHAT: &str = "written on 2026-12-06 (session 37) by three helper agents told not to read, list or search any file on the machine or use any search (and to avoid stock phrasings), each imagining other viewers (tired viewers on the sofa after work; teenagers, students and viewers for whom English is a second language; couples and friends choosing together, and retired viewers describing films as they remember them), before the phrase candidate was designed, and read first by its pre-registered test (docs/eval/written-phrases/README.md): 48 genre wordings per MovieLens genre (12 direct, 36 indirect), repeats within the set removed unread; dropped by the fifth set's rule and where they repeat a fifth- to twelfth-set wording or an example phrase; dealt in place of the 600 test requests' genre wordings as the twelfth set's (another seed); the candidate's paired difference judged at 0.95 over 10,000 resamples of wordings";

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
    let examples = dualrec::pipeline::request::example_phrases(0).map(|(g, p)| (g, I, p));
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

/// What the thirteenth set's wordings must not repeat: the twelfth's and what it must not.
pub(super) fn before_thirteenth() -> Vec<(&'static str, Kind, &'static str)> {
    let mut v = before_twelfth();
    v.extend(BLIND_GENRE_WORDINGS_12.iter().copied());
    v
}

/// The held-out wordings of `set`: those not dropped.
pub(super) fn held_out(set: &'static Wordings, earlier: &Wordings) -> Vec<&'static (&'static str, Kind, &'static str)> {
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
        // The thirteenth: three writers' 864 less 11 repeated within the set.
        let before = before_thirteenth();
        assert_eq!(BLIND_GENRE_WORDINGS_13.len(), 853);
        let mut n13: Vec<String> = BLIND_GENRE_WORDINGS_13.iter().map(|w| norm(w.2)).collect();
        n13.sort_unstable();
        n13.dedup();
        assert_eq!(n13.len(), 853);
        assert!(held_out(BLIND_GENRE_WORDINGS_13, &before).iter().all(|w| before.iter().all(|e| norm(e.2) != norm(w.2))));
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
